package mpsc

import (
	"github.com/kettle-rt/kettle/internal/footprint"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/waitq"
	"github.com/kettle-rt/kettle/waker"
)

// grant is the state of a waiting Send or Reserve, written under the
// channel's mutex.
//
//	unqueued  not yet polled, or dropped from the queue.
//	waiting   in sendq, waiting for a slot.
//	granted   served: a Send's value was moved into the buffer, or a
//	          Reserve's slot was counted in reserved. Set by whoever freed
//	          the slot, which also popped the waiter.
//	failed    the receiver closed while it waited (Send keeps its value).
//
// Transitions: unqueued→waiting (first Poll, no free slot), unqueued→granted
// (first Poll, free slot), waiting→granted (a slot freed), waiting→failed
// (Receiver.Close), waiting→unqueued (Drop), unqueued→failed (first Poll
// on a closed channel).
type grant uint8

const (
	unqueued grant = iota
	waiting
	granted
	failed
)

// sendSlot is the per-waiter state of a queued Send or Reserve.
type sendSlot[T any] struct {
	v       T    // a Send's value until it is moved into the buffer
	reserve bool // a Reserve: wants a slot, carries no value
	state   grant
}

// channel is the state shared by every handle of one mpsc channel.
//
// Invariant (bounded): sendq is non-empty only while no slot is free, since
// every path that frees a slot hands it to the oldest waiter before
// unlocking. Each such path frees exactly one slot, so it grants at most one
// waiter.
type channel[T any] struct {
	mu       footprint.Mutex
	buf      ring[T]
	capacity int  // 0: unbounded
	reserved int  // slots held by granted Reserves and unused Permits
	senders  int  // open Sender handles
	rxClosed bool // Receiver.Close was called

	sendq waitq.Queue[sendSlot[T]] // Sends and Reserves waiting for a slot
	recvq waitq.Queue[struct{}]    // Recv futures waiting for a value

	// The first handles live in the channel's allocation.
	tx0 Sender[T]
	rx  Receiver[T]
}

// New returns the two ends of a channel buffering at most capacity values.
// A capacity below 1 panics with "mpsc.New: capacity must be at least 1".
//
// Cost: one allocation for the channel and both ends; the buffer is
// allocated at the first send and grows by doubling up to capacity.
func New[T any](capacity int) (*Sender[T], *Receiver[T]) {
	if capacity < 1 {
		panic("mpsc.New: capacity must be at least 1")
	}
	return newChannel[T](capacity)
}

// NewUnbounded returns the two ends of a channel that buffers any number
// of values: Send never waits. Memory grows with the backlog, and shrinks
// back as the receiver drains it.
func NewUnbounded[T any]() (*Sender[T], *Receiver[T]) {
	return newChannel[T](0)
}

func newChannel[T any](capacity int) (*Sender[T], *Receiver[T]) {
	c := &channel[T]{capacity: capacity, senders: 1}
	c.buf.limit = capacity
	c.tx0.ch = c
	c.rx.ch = c
	c.rx.recv.ch = c
	return &c.tx0, &c.rx
}

// free reports whether a slot is free. Locked.
func (c *channel[T]) free() bool {
	return c.capacity == 0 || c.buf.len()+c.reserved < c.capacity
}

// ended reports whether the receiver will get no more values: sends are
// over (every sender closed, or the receiver closed) and nothing is
// buffered, reserved or waiting to be handed off. Locked.
func (c *channel[T]) ended() bool {
	return (c.senders == 0 || c.rxClosed) &&
		c.buf.len() == 0 && c.reserved == 0 && c.sendq.Len() == 0
}

// pushLocked buffers v and returns the waker of the oldest waiting Recv
// (woken by the caller after unlocking). Locked.
func (c *channel[T]) pushLocked(v T) waker.Waker {
	c.buf.push(v)
	if w := c.recvq.PopFront(); w != nil {
		return w.TakeWaker()
	}
	return waker.Waker{}
}

// grantLocked hands one freed slot to the oldest waiting Send or Reserve,
// if any: a Send's value moves into the buffer, a Reserve's slot is counted
// as reserved. It returns the wakers of the granted sender and of a Recv
// woken by the moved value. Locked.
func (c *channel[T]) grantLocked() (sender, recv waker.Waker) {
	if c.sendq.Len() == 0 || !c.free() {
		return
	}
	w := c.sendq.PopFront()
	s := &w.Value
	if s.reserve {
		c.reserved++
	} else {
		recv = c.pushLocked(s.v)
		var zero T
		s.v = zero
	}
	s.state = granted
	return w.TakeWaker(), recv
}

// wakeRecvAllLocked moves every waiting Recv's waker to wl. Locked.
func (c *channel[T]) wakeRecvAllLocked(wl *waitq.WakeList) {
	for w := c.recvq.PopFront(); w != nil; w = c.recvq.PopFront() {
		wl.Add(w.TakeWaker())
	}
}

// releaseLocked gives back one reserved slot: it goes to the oldest
// waiter, and if it was the last thing keeping an ended channel open, the
// receiver is told. Wakers go to wl. Locked.
func (c *channel[T]) releaseLocked(wl *waitq.WakeList) {
	c.reserved--
	sw, rw := c.grantLocked()
	wl.Add(sw)
	wl.Add(rw)
	if c.ended() {
		c.wakeRecvAllLocked(wl)
	}
}

// Compile-time checks that the futures implement the contracts.
var (
	_ future.Future[error]                       = (*SendFuture[int])(nil)
	_ future.Dropper                             = (*SendFuture[int])(nil)
	_ future.Future[future.Result[*Permit[int]]] = (*ReserveFuture[int])(nil)
	_ future.Dropper                             = (*ReserveFuture[int])(nil)
	_ future.Future[future.Result[int]]          = (*RecvFuture[int])(nil)
	_ future.Dropper                             = (*RecvFuture[int])(nil)
)
