package aio

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// progress is what [ReadExactFuture] and [WriteAllFuture] share: the buffer,
// how much of it is done, and whether the future has finished (Ready or
// Drop). Owned by whoever polls and drops the future.
type progress struct {
	p       []byte
	n       int
	done    bool
	dropped bool // Drop ran before Ready: a poll panics "after Drop"
}

// poll runs step over the rest of p, one cancel-safe step after another,
// until p is complete (Ready nil), a step is Pending, fails (Ready with its
// error) or moves no byte (Ready with short(n)). f is the future, named in
// the panic if it is polled after it finished. step does not escape, so a
// method value passed for it costs no allocation.
func (s *progress) poll(f any, cx *future.Context, step func(*future.Context, []byte) future.Poll[future.Result[int]], short func(n int) error) future.Poll[error] {
	if s.done {
		phase.Polled(f, s.dropped)
	}
	for s.n < len(s.p) {
		r, ok := step(cx, s.p[s.n:]).Get()
		if !ok {
			return future.Pending[error]()
		}
		s.n += r.Value
		switch {
		case r.Err != nil:
			s.done = true
			return future.Ready(r.Err)
		case r.Value == 0:
			s.done = true
			return future.Ready(short(s.n))
		}
	}
	s.done = true
	return future.Ready[error](nil)
}

// drop ends the future before Ready: a later poll panics "after Drop". A
// no-op after Ready or a first drop.
func (s *progress) drop() {
	if !s.done {
		s.done, s.dropped = true, true
	}
}
