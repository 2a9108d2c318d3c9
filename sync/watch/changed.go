package watch

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// ChangedFuture is the future returned by [Receiver.Changed]. It
// implements future.Future[error] and future.Dropper.
type ChangedFuture[T any] struct {
	rx    *Receiver[T]
	w     waitq.Waiter[struct{}] // place among waiters; guarded by the channel's mutex
	phase phase.Phase
}

// Poll returns nil once an unseen version exists (marking it seen) or
// ErrClosed (see [Receiver.Changed]). Marking a change seen spends one
// unit of the task's budget (with none left it returns Pending, having
// marked nothing). On Pending it has stored cx's waker and recorded itself
// as what the task waits on. Polling after Ready or after Drop panics.
func (f *ChangedFuture[T]) Poll(cx *future.Context) future.Poll[error] {
	f.phase.CheckLive(f)
	r := f.rx
	c := r.ch
	c.mu.Lock()
	var err error
	switch {
	case r.closed:
		err = ErrClosed
	case c.version != r.seen:
		if cx.Budget() == 0 {
			c.mu.Unlock()
			cx.ConsumeBudget() // wakes the task; nothing was marked
			return future.Pending[error]()
		}
		cx.ConsumeBudget()
		r.seen = c.version
	case c.txClosed:
		err = ErrClosed
	default:
		f.w.SetWaker(cx.Waker())
		if !f.w.Queued() {
			c.waiters.PushBack(&f.w)
		}
		c.mu.Unlock()
		cx.SetWaitingOn(f)
		return future.Pending[error]()
	}
	c.waiters.Remove(&f.w)
	c.mu.Unlock()
	f.phase = phase.Done
	return future.Ready(err)
}

// Drop cancels the wait; nothing is marked seen. A no-op after Ready or a
// first Drop.
func (f *ChangedFuture[T]) Drop() {
	if f.phase != phase.Live {
		return
	}
	f.phase = phase.Dropped
	c := f.rx.ch
	c.mu.Lock()
	c.waiters.Remove(&f.w)
	f.w.TakeWaker()
	c.mu.Unlock()
}

// String names what a pending Changed waits on, for deadlock reports.
func (f *ChangedFuture[T]) String() string { return "watch.Changed" }

// Compile-time checks that ChangedFuture implements the contracts.
var (
	_ future.Future[error] = (*ChangedFuture[int])(nil)
	_ future.Dropper       = (*ChangedFuture[int])(nil)
)
