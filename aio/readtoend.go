package aio

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// ReadToEnd returns a future that reads r until end of stream and is
// ready with every byte read (tokio's read_to_end, io.ReadAll for a
// [Reader]): a non-nil slice, empty if r had nothing. On an error the
// Result holds the error and the bytes read before it.
//
// NOT cancel-safe: a dropped ReadToEnd discards the bytes it read, and
// they are gone from r. Panics with "aio.ReadToEnd: nil Reader". Cost: the
// slice grows by doubling from 512 bytes; a poll allocates only to grow
// it. Each read that makes progress is a step of r's own budget spending.
func ReadToEnd(r Reader) future.Future[future.Result[[]byte]] {
	if r == nil {
		panic("aio.ReadToEnd: nil Reader")
	}
	return &readToEnd{r: r}
}

// readToEnd is the future behind [ReadToEnd]: buf[:len] read so far.
type readToEnd struct {
	r     Reader
	buf   []byte
	phase phase.Phase
}

func (f *readToEnd) Poll(cx *future.Context) future.Poll[future.Result[[]byte]] {
	f.phase.Check(f)
	for {
		if len(f.buf) == cap(f.buf) {
			f.buf = append(f.buf, make([]byte, max(512, cap(f.buf)))...)[:len(f.buf)]
		}
		r, ok := f.r.PollRead(cx, f.buf[len(f.buf):cap(f.buf)]).Get()
		if !ok {
			return future.Pending[future.Result[[]byte]]()
		}
		if r.Err != nil || r.Value == 0 {
			out := f.buf
			if out == nil {
				out = []byte{}
			}
			f.r, f.buf, f.phase = nil, nil, phase.Done
			return future.Ready(future.Result[[]byte]{Value: out, Err: r.Err})
		}
		f.buf = f.buf[:len(f.buf)+r.Value]
	}
}

// Drop discards what was read; a no-op after Ready or a first Drop.
func (f *readToEnd) Drop() {
	if f.phase.Drop() || f.phase == phase.Dropped {
		f.r, f.buf = nil, nil
	}
}
