package oneshot

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/footprint"
	"github.com/kettle-rt/kettle/internal/phase"
)

// RecvFuture is the future returned by [Receiver.Recv]. It implements
// future.Future[future.Result[T]] and future.Dropper.
//
// Rejected design: a RecvFuture allocated per Recv call. A parked task
// awaiting a oneshot is the common case this package is sized for, so the
// Receiver carries one future inline and Recv hands it out (allocating only
// if it is still live), keeping create+send+recv to one allocation.
type RecvFuture[T any] struct {
	ch *channel[T]
	// phase: Idle while the Receiver's embedded future is not handed out
	// (as New leaves it), Live once Recv hands it out; see [phase.Idle].
	phase phase.Phase
}

// Poll returns the value once it is sent, or Err [ErrClosed] (see
// [Receiver.Recv]). On Pending it has registered cx's waker and recorded
// itself as what the task waits on. Taking the value spends one unit of
// the task's budget. Polling after Ready or after Drop panics.
func (f *RecvFuture[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	f.phase.CheckLive(f)
	c := f.ch
	footprint.Touch(c) // for schedule explorers: oneshot has no lock to report it
	st := c.state.Load()
	if st&settled == 0 {
		c.rxWake.Register(cx.Waker())
		// Re-check after registering: a Send that published before our
		// Register finished either found our waker or made Register wake it.
		if st = c.state.Load(); st&settled == 0 {
			cx.SetWaitingOn(f)
			return future.Pending[future.Result[T]]()
		}
	}
	if st&valueSet != 0 && st&rxTaken == 0 {
		if !cx.ConsumeBudget() {
			return future.Pending[future.Result[T]]()
		}
		f.phase = phase.Done
		return future.Ready(future.Ok(c.take()))
	}
	f.phase = phase.Done
	return future.Ready(future.Err[T](ErrClosed))
}

// Drop cancels the receive; nothing is taken from the channel. It is a
// no-op after Ready or a first Drop.
func (f *RecvFuture[T]) Drop() {
	if f.phase == phase.Live {
		f.phase = phase.Dropped
		f.ch.rxWake.Take()
	}
}

// String names what a pending Recv waits on, for deadlock reports.
func (f *RecvFuture[T]) String() string { return "oneshot.Recv" }

// Compile-time checks that RecvFuture implements the contracts.
var (
	_ future.Future[future.Result[int]] = (*RecvFuture[int])(nil)
	_ future.Dropper                    = (*RecvFuture[int])(nil)
)
