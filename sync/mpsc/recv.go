package mpsc

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
	"github.com/kettle-rt/kettle/waker"
)

// RecvFuture is the future returned by [Receiver.Recv]. It implements
// future.Future[future.Result[T]] and future.Dropper.
//
// Rejected design: one waker slot for "the" receiver, as tokio has. Go
// cannot borrow the Receiver mutably for the life of the future, so two
// Recv futures of one Receiver can be live at once (a select over the same
// channel twice, a future abandoned without Drop); with one slot, dropping
// either would erase the other's waker. Each future therefore queues its
// own intrusive waiter, and a Recv woken for a value it then does not take
// (dropped) passes the wake-up on.
type RecvFuture[T any] struct {
	ch    *channel[T]
	w     waitq.Waiter[struct{}] // place among waiting receives; guarded by ch.mu
	phase phase.Phase
}

// Poll returns the next value, or Err [ErrClosed] once the channel ended.
// Taking a value spends one unit of the task's budget (when none is left it
// returns Pending, having taken nothing). On Pending it has stored cx's
// waker and recorded itself as what the task waits on. Polling after Ready
// or after Drop panics.
func (f *RecvFuture[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	f.phase.CheckLive(f)
	c := f.ch
	c.mu.Lock()
	if c.buf.len() > 0 {
		if cx.Budget() == 0 {
			c.mu.Unlock()
			cx.ConsumeBudget() // wakes the task; nothing was taken
			return future.Pending[future.Result[T]]()
		}
		cx.ConsumeBudget()
		v := c.buf.pop()
		c.recvq.Remove(&f.w)
		sw, rw := c.grantLocked()
		c.mu.Unlock()
		waitq.Wake(sw)
		waitq.Wake(rw)
		f.phase = phase.Done
		return future.Ready(future.Ok(v))
	}
	if c.ended() {
		c.recvq.Remove(&f.w)
		c.mu.Unlock()
		f.phase = phase.Done
		return future.Ready(future.Err[T](ErrClosed))
	}
	f.w.SetWaker(cx.Waker())
	if !f.w.Queued() {
		c.recvq.PushBack(&f.w)
	}
	c.mu.Unlock()
	cx.SetWaitingOn(f)
	return future.Pending[future.Result[T]]()
}

// Drop cancels the receive; nothing is taken. If this Recv had been woken
// for a value it will not take now, the wake-up passes to the next waiting
// Recv. A no-op after Ready or a first Drop.
func (f *RecvFuture[T]) Drop() {
	if f.phase != phase.Live {
		return
	}
	f.phase = phase.Dropped
	c := f.ch
	c.mu.Lock()
	wasQueued := c.recvq.Remove(&f.w)
	f.w.TakeWaker()
	var next waker.Waker
	if !wasQueued && c.buf.len() > 0 {
		// We were popped and woken for a value we will not take.
		if w := c.recvq.PopFront(); w != nil {
			next = w.TakeWaker()
		}
	}
	c.mu.Unlock()
	waitq.Wake(next)
}

// Reset re-arms the future for another receive on the same [Receiver], as
// if it had just been returned by Recv, so that a hand-written receive loop
// keeping its own future allocates nothing. It is allowed only on a
// finished future (it returned Ready, or was dropped); on a live one —
// never polled or pending — it panics with "mpsc: Reset of a RecvFuture in
// use" (a pending Recv may hold a wake-up for a value, which only Drop
// passes on). Reset takes no lock.
//
// The future [Receiver.Recv] returns may be the one embedded in the
// Receiver, which the next Recv re-arms once it has finished: keep either
// the future (and Reset it) or calling Recv, not both at once.
func (f *RecvFuture[T]) Reset() {
	if f.phase == phase.Live {
		panic("mpsc: Reset of a RecvFuture in use")
	}
	// Ready and Drop both left the line and took the waker.
	f.phase = phase.Live
}

// String names what a pending Recv waits on, for deadlock reports.
func (f *RecvFuture[T]) String() string { return "mpsc.Recv" }
