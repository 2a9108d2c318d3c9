package mpsc

import (
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// Sender is one handle on the sending end of a channel. Any goroutine or
// task may use it; [Sender.Clone] makes another handle, and the channel
// ends for the receiver once every handle is closed.
type Sender[T any] struct {
	ch     *channel[T]
	closed bool // guarded by ch.mu
}

// Send returns a future that delivers v: Ready(nil) once v is in the
// channel, Ready([ErrClosed]) if the receiver closed or this handle was
// closed first. On a full bounded channel it waits its turn, first in,
// first out.
//
// Not lossy when cancelled: if the future is dropped before v was
// delivered, or fails with ErrClosed, [SendFuture.Unsent] hands v back; if
// v was already delivered (a slot was handed to this waiter), the receiver
// gets it and Unsent reports false. Cost: one allocation for the future; a
// caller that sends again and again keeps a finished future and re-arms it
// with [SendFuture.Reset] instead, allocating nothing.
func (s *Sender[T]) Send(v T) *SendFuture[T] {
	f := &SendFuture[T]{tx: s, phase: phase.Live}
	f.w.Value.v = v
	return f
}

// Reserve returns a future of a [Permit]: a slot reserved in the channel,
// to be filled later by [Permit.Send] (which never waits) or given back by
// [Permit.Release]. It fails with [ErrClosed] when the receiver closed or
// this handle was closed. Reservers wait in the same FIFO line as Sends.
//
// Cancel-safe: a dropped Reserve leaves the line, and one that had been
// granted a slot but not returned it passes the slot to the next waiter.
// Cost: one allocation, holding the future and its Permit.
func (s *Sender[T]) Reserve() *ReserveFuture[T] {
	f := &ReserveFuture[T]{tx: s, phase: phase.Live}
	f.w.Value.reserve = true
	return f
}

// TrySend puts v in the channel if a slot is free, without waiting. It
// returns [ErrClosed] if the receiver or this handle is closed and
// [ErrFull] if no slot is free; on error v was not taken. It allocates
// nothing (unless the buffer grows).
func (s *Sender[T]) TrySend(v T) error {
	c := s.ch
	c.mu.Lock()
	if s.closed || c.rxClosed {
		c.mu.Unlock()
		return ErrClosed
	}
	if !c.free() {
		c.mu.Unlock()
		return ErrFull
	}
	rw := c.pushLocked(v)
	c.mu.Unlock()
	waitq.Wake(rw)
	return nil
}

// Clone returns a new handle on the same channel; it must be closed too.
// Cloning a closed handle panics with "mpsc.Sender.Clone: sender closed".
func (s *Sender[T]) Clone() *Sender[T] {
	c := s.ch
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.closed {
		panic("mpsc.Sender.Clone: sender closed")
	}
	c.senders++
	return &Sender[T]{ch: c}
}

// Close closes this handle: its later sends fail with [ErrClosed]. Sends
// already waiting in line, and Permits already granted, still deliver.
// When the last handle closes, the receiver drains what is buffered and
// then gets ErrClosed. Closing a handle twice is a no-op.
func (s *Sender[T]) Close() {
	c := s.ch
	c.mu.Lock()
	if s.closed {
		c.mu.Unlock()
		return
	}
	s.closed = true
	c.senders--
	if c.senders > 0 {
		c.mu.Unlock()
		return
	}
	var wl waitq.WakeList
	c.wakeRecvAllLocked(&wl)
	c.mu.Unlock()
	wl.WakeAll()
}

// IsClosed reports whether sends on this handle fail: the handle or the
// receiver is closed.
func (s *Sender[T]) IsClosed() bool {
	c := s.ch
	c.mu.Lock()
	defer c.mu.Unlock()
	return s.closed || c.rxClosed
}
