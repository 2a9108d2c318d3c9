package executor

import (
	"runtime"
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// signal is a one-shot event built from waker.Atomic: what a test uses for
// a oneshot channel. fire may be called from any goroutine.
type signal struct {
	name string
	set  atomic.Bool
	w    waker.Atomic
}

func newSignal(name string) *signal { return &signal{name: name} }

func (s *signal) String() string { return "signal " + s.name }

func (s *signal) fire() {
	s.set.Store(true)
	s.w.Wake()
}

// wait returns a future ready once s fires; it records s as what it waits
// on.
func (s *signal) wait() future.Future[struct{}] { return &waitFuture{s: s} }

type waitFuture struct {
	s    *signal
	done bool
}

func (f *waitFuture) Poll(cx *future.Context) future.Poll[struct{}] {
	if f.done {
		panic("waitFuture polled after completion")
	}
	if !f.s.set.Load() {
		f.s.w.Register(cx.Waker())
		if !f.s.set.Load() {
			cx.SetWaitingOn(f.s)
			return future.Pending[struct{}]()
		}
	}
	f.done = true
	return future.Ready(struct{}{})
}

// dropCounter is a future that never finishes and counts its Drops.
type dropCounter struct {
	drops *atomic.Int32
	polls int
}

func (d *dropCounter) Poll(*future.Context) future.Poll[int] {
	d.polls++
	return future.Pending[int]()
}

func (d *dropCounter) Drop() { d.drops.Add(1) }

// yielder is a hand-written future that yields n times, calling rec at each
// poll, then returns id.
type yielder struct {
	id, n int
	rec   func(id int)
}

func (y *yielder) Poll(cx *future.Context) future.Poll[int] {
	if y.rec != nil {
		y.rec(y.id)
	}
	if y.n == 0 {
		return future.Ready(y.id)
	}
	y.n--
	cx.Waker().Wake()
	return future.Pending[int]()
}

// await is a hand-written "await handle then map" main future.
func await[T any](h *JoinHandle[T]) future.Future[future.Result[T]] { return h }

// waitParked blocks the calling (non-loop) goroutine until e's loop parks.
func waitParked(e *Local) {
	for !e.parked.Load() {
		runtime.Gosched()
	}
}
