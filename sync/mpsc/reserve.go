package mpsc

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/faults"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// ReserveFuture is the future returned by [Sender.Reserve]. It implements
// future.Future[future.Result[*Permit[T]]] and future.Dropper.
type ReserveFuture[T any] struct {
	tx       *Sender[T]
	w        waitq.Waiter[sendSlot[T]] // place in line; w.Value.state guarded by the channel's mutex
	permit   Permit[T]
	phase    phase.Phase
	enqueued bool // owner-only: the future joined the line at some point
}

// Poll returns the Permit once a slot is reserved for it, or Err
// [ErrClosed] if the receiver or the handle is closed. On Pending it holds
// its place in line. Reserving a free slot spends one unit of budget.
// Polling after Ready or after Drop panics.
func (f *ReserveFuture[T]) Poll(cx *future.Context) future.Poll[future.Result[*Permit[T]]] {
	f.phase.CheckLive(f)
	c := f.tx.ch
	c.mu.Lock()
	s := &f.w.Value
	switch s.state {
	case waiting:
		f.w.SetWaker(cx.Waker())
		c.mu.Unlock()
		cx.SetWaitingOn(f)
		return future.Pending[future.Result[*Permit[T]]]()
	case granted:
		c.mu.Unlock()
		return f.ready()
	case failed:
		c.mu.Unlock()
		f.phase = phase.Done
		return future.Ready(future.Err[*Permit[T]](ErrClosed))
	}
	if f.tx.closed || c.rxClosed || faults.Inject(cx, "mpsc.Reserve") {
		s.state = failed
		c.mu.Unlock()
		f.phase = phase.Done
		return future.Ready(future.Err[*Permit[T]](ErrClosed))
	}
	if !c.free() {
		s.state = waiting
		f.enqueued = true
		f.w.SetWaker(cx.Waker())
		c.sendq.PushBack(&f.w)
		c.mu.Unlock()
		cx.SetWaitingOn(f)
		return future.Pending[future.Result[*Permit[T]]]()
	}
	if cx.Budget() == 0 {
		c.mu.Unlock()
		cx.ConsumeBudget()
		return future.Pending[future.Result[*Permit[T]]]()
	}
	cx.ConsumeBudget()
	c.reserved++
	s.state = granted
	c.mu.Unlock()
	return f.ready()
}

func (f *ReserveFuture[T]) ready() future.Poll[future.Result[*Permit[T]]] {
	f.phase = phase.Done
	f.permit.ch = f.tx.ch
	return future.Ready(future.Ok(&f.permit))
}

// Drop cancels the reservation: a waiting Reserve leaves the line; one
// granted a slot that Poll has not yet returned gives the slot to the next
// waiter. A no-op after Ready (the Permit is then the caller's to use or
// release) or a first Drop.
func (f *ReserveFuture[T]) Drop() {
	if f.phase != phase.Live {
		return
	}
	f.phase = phase.Dropped
	if !f.enqueued {
		return
	}
	c := f.tx.ch
	var wl waitq.WakeList
	c.mu.Lock()
	switch f.w.Value.state {
	case waiting:
		c.sendq.Remove(&f.w)
		f.w.Value.state = unqueued
		f.w.TakeWaker()
	case granted:
		c.releaseLocked(&wl)
	}
	c.mu.Unlock()
	wl.WakeAll()
}

// String names what a pending Reserve waits on, for deadlock reports.
func (f *ReserveFuture[T]) String() string {
	return fmt.Sprintf("mpsc.Reserve (channel full, capacity %d)", f.tx.ch.capacity)
}

// Permit is one reserved slot of a channel, returned by [Sender.Reserve]:
// [Permit.Send] fills it without waiting, [Permit.Release] gives it back.
// A Permit keeps the channel open for the receiver until it is used.
type Permit[T any] struct {
	ch   *channel[T]
	used bool // owner-only
}

// Send puts v in the reserved slot and wakes the receiver. It never waits
// and never fails: even after the receiver closed, v stays receivable (the
// receiver drains). Using a Permit twice panics with
// "mpsc.Permit.Send: permit already used".
func (p *Permit[T]) Send(v T) {
	if p.used || p.ch == nil {
		panic("mpsc.Permit.Send: permit already used")
	}
	p.used = true
	c := p.ch
	c.mu.Lock()
	c.reserved--
	rw := c.pushLocked(v)
	c.mu.Unlock()
	waitq.Wake(rw)
}

// Release gives the slot back unused, to the next waiting sender if any.
// Release after Send or after Release is a no-op, so `defer p.Release()`
// is a safe pattern.
func (p *Permit[T]) Release() {
	if p.used || p.ch == nil {
		return
	}
	p.used = true
	c := p.ch
	var wl waitq.WakeList
	c.mu.Lock()
	c.releaseLocked(&wl)
	c.mu.Unlock()
	wl.WakeAll()
}
