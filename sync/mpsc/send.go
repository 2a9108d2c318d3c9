package mpsc

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/faults"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// SendFuture is the future returned by [Sender.Send]. It implements
// future.Future[error] and future.Dropper. Use it from one task or
// goroutine at a time; never copy it.
type SendFuture[T any] struct {
	tx *Sender[T]
	// w is this send's place in line; w.Value holds the value until it is
	// delivered, and the grant state. Guarded by the channel's mutex while
	// the future is in line.
	w        waitq.Waiter[sendSlot[T]]
	phase    phase.Phase
	enqueued bool // owner-only: the future joined the line at some point
	// handedBack is owner-only: Unsent returned the undelivered value, so
	// Reset may overwrite it.
	handedBack bool
}

// Poll delivers the value: Ready(nil) once it is in the channel,
// Ready(ErrClosed) if the channel or handle is closed (the value then comes
// back through Unsent). On Pending the future holds its place in line, has
// stored cx's waker and recorded itself as what the task waits on. Putting
// the value in a free slot spends one unit of the task's budget (when none
// is left it returns Pending, having taken nothing). Polling after Ready or
// after Drop panics.
func (f *SendFuture[T]) Poll(cx *future.Context) future.Poll[error] {
	f.phase.CheckLive(f)
	c := f.tx.ch
	c.mu.Lock()
	s := &f.w.Value
	switch s.state {
	case waiting:
		f.w.SetWaker(cx.Waker())
		c.mu.Unlock()
		cx.SetWaitingOn(f)
		return future.Pending[error]()
	case granted:
		c.mu.Unlock()
		return f.finish(nil)
	case failed:
		c.mu.Unlock()
		return f.finish(ErrClosed)
	}
	// unqueued: the first poll. Under a schedule explorer injecting
	// faults, the receiver may "close" now (see internal/faults).
	if f.tx.closed || c.rxClosed || faults.Inject(cx, "mpsc.Send") {
		s.state = failed
		c.mu.Unlock()
		return f.finish(ErrClosed)
	}
	if !c.free() {
		s.state = waiting
		f.enqueued = true
		f.w.SetWaker(cx.Waker())
		c.sendq.PushBack(&f.w)
		c.mu.Unlock()
		cx.SetWaitingOn(f)
		return future.Pending[error]()
	}
	if cx.Budget() == 0 {
		c.mu.Unlock()
		cx.ConsumeBudget() // wakes the task; nothing was taken
		return future.Pending[error]()
	}
	cx.ConsumeBudget()
	rw := c.pushLocked(s.v)
	var zero T
	s.v = zero
	s.state = granted
	c.mu.Unlock()
	waitq.Wake(rw)
	return f.finish(nil)
}

func (f *SendFuture[T]) finish(err error) future.Poll[error] {
	f.phase = phase.Done
	return future.Ready(err)
}

// Drop cancels the send. A send still waiting leaves the line at once and
// keeps its value (see [SendFuture.Unsent]); a send already granted a slot
// has delivered its value. A no-op after Ready or a first Drop.
func (f *SendFuture[T]) Drop() {
	if f.phase != phase.Live {
		return
	}
	f.phase = phase.Dropped
	if !f.enqueued {
		return
	}
	c := f.tx.ch
	c.mu.Lock()
	if f.w.Value.state == waiting {
		c.sendq.Remove(&f.w)
		f.w.Value.state = unqueued
		f.w.TakeWaker()
	}
	c.mu.Unlock()
}

// Unsent returns the value and true if it was not delivered: the future was
// dropped before delivery, or finished with [ErrClosed]. It returns the zero
// value and false while the send is still in progress or once the value was
// delivered. Call it from the future's owner, after Poll or Drop returned.
func (f *SendFuture[T]) Unsent() (T, bool) {
	var zero T
	if f.phase == phase.Live {
		return zero, false
	}
	// The future is out of line, so nobody else touches w.Value.
	if f.w.Value.state == granted {
		return zero, false
	}
	f.handedBack = true
	return f.w.Value.v, true
}

// Reset re-arms the future to send v on the same [Sender], as if it had
// just been returned by Send(v), so that a hot loop (a hand-written state
// machine sending again and again) allocates nothing.
//
// It is allowed only on a finished future: one that returned Ready or was
// dropped. On a live future — never polled, or pending — it panics with
// "mpsc: Reset of a SendFuture in use" (a never-polled future still holds
// a value that nobody has taken). On a finished future whose value was not
// delivered (Drop before delivery, or Ready(ErrClosed)) it panics with
// "mpsc: Reset of a SendFuture holding an unsent value" until
// [SendFuture.Unsent] has handed that value back: Reset never overwrites a
// value the caller has not seen, so nothing is lost or sent twice.
//
// Reset takes no lock: a finished future is out of line, so only its owner
// touches it.
func (f *SendFuture[T]) Reset(v T) {
	if f.phase == phase.Live {
		panic("mpsc: Reset of a SendFuture in use")
	}
	// Out of line (finished), so nobody else touches w.Value.
	if f.w.Value.state != granted && !f.handedBack {
		panic("mpsc: Reset of a SendFuture holding an unsent value")
	}
	f.w.Value = sendSlot[T]{v: v}
	f.enqueued = false
	f.handedBack = false
	f.phase = phase.Live
}

// String names what a pending Send waits on, for deadlock reports.
func (f *SendFuture[T]) String() string {
	return fmt.Sprintf("mpsc.Send (channel full, capacity %d)", f.tx.ch.capacity)
}
