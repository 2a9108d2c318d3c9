package oneshot

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// phase is a RecvFuture's life cycle.
//
//	idle     the Receiver's embedded future, not handed out (or reset).
//	live     handed out by Recv; may be polled.
//	done     Poll returned Ready.
//	dropped  Drop ran first.
//
// Transitions: idle→live (Recv), live→done, live→dropped; done and dropped
// return to live only when Recv hands the embedded future out again.
type phase uint8

const (
	idle phase = iota
	live
	done
	dropped
)

// RecvFuture is the future returned by [Receiver.Recv]. It implements
// future.Future[future.Result[T]] and future.Dropper.
//
// Rejected design: a RecvFuture allocated per Recv call. A parked task
// awaiting a oneshot is the common case this package is sized for, so the
// Receiver carries one future inline and Recv hands it out (allocating only
// if it is still live), keeping create+send+recv to one allocation.
type RecvFuture[T any] struct {
	ch    *channel[T]
	phase phase
}

// Poll returns the value once it is sent, or Err [ErrClosed] (see
// [Receiver.Recv]). On Pending it has registered cx's waker and recorded
// itself as what the task waits on. Taking the value spends one unit of
// the task's budget. Polling after Ready or after Drop panics.
func (f *RecvFuture[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	if f.phase != live {
		f.panicPolled()
	}
	c := f.ch
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
		f.phase = done
		return future.Ready(future.Ok(c.take()))
	}
	f.phase = done
	return future.Ready(future.Err[T](ErrClosed))
}

// Drop cancels the receive; nothing is taken from the channel. It is a
// no-op after Ready or a first Drop.
func (f *RecvFuture[T]) Drop() {
	if f.phase == live {
		f.phase = dropped
		f.ch.rxWake.Take()
	}
}

// String names what a pending Recv waits on, for deadlock reports.
func (f *RecvFuture[T]) String() string { return "oneshot.Recv" }

//go:noinline
func (f *RecvFuture[T]) panicPolled() {
	if f.phase == dropped {
		panic(fmt.Sprintf("%T polled after Drop", f))
	}
	panic(fmt.Sprintf("%T polled after completion", f))
}

// Compile-time checks that RecvFuture implements the contracts.
var (
	_ future.Future[future.Result[int]] = (*RecvFuture[int])(nil)
	_ future.Dropper                    = (*RecvFuture[int])(nil)
)
