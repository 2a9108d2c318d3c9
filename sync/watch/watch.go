package watch

import (
	"github.com/kettle-rt/kettle/internal/footprint"

	"github.com/kettle-rt/kettle/internal/waitq"
)

// channel is the state shared by the sender and every receiver.
type channel[T any] struct {
	mu        footprint.RWMutex
	value     T
	version   uint64 // incremented by every Send
	txClosed  bool
	receivers int // open receivers
	waiters   waitq.Queue[struct{}]
}

// first is New's single allocation: the channel and its first handles.
type first[T any] struct {
	ch channel[T]
	tx Sender[T]
	rx Receiver[T]
}

// New returns the sender and a first receiver of a channel holding v. The
// receiver has seen v: its first Changed waits for the next Send.
//
// Cost: one allocation for the channel and both handles.
func New[T any](v T) (*Sender[T], *Receiver[T]) {
	f := &first[T]{}
	f.ch.value = v
	f.ch.receivers = 1
	f.tx.ch = &f.ch
	f.rx.init(&f.ch, 0)
	return &f.tx, &f.rx
}

// wakeAllUnlock wakes every waiting Changed (see waitq.Queue.WakeAllUnlock: in
// batches, with the lock released, allocating nothing). Called write-locked;
// returns unlocked.
func (c *channel[T]) wakeAllUnlock() { c.waiters.WakeAllUnlock(&c.mu) }

// Sender is the sending end: it writes new values. It may be used from any
// goroutine.
type Sender[T any] struct {
	ch *channel[T]
}

// Send replaces the value with v, makes a new version and wakes every
// waiting Changed. It never waits and allocates nothing. It returns
// [ErrClosed] (v not stored) when every receiver is closed or the sender
// was closed.
//
// The Send synchronizes before any Borrow that returns v.
func (s *Sender[T]) Send(v T) error {
	c := s.ch
	c.mu.Lock()
	if c.txClosed || c.receivers == 0 {
		c.mu.Unlock()
		return ErrClosed
	}
	c.value = v
	c.version++
	c.wakeAllUnlock()
	return nil
}

// Subscribe returns a new receiver that has seen the current value. It
// must be closed like any other; it lets Send work again after every
// receiver had closed.
func (s *Sender[T]) Subscribe() *Receiver[T] {
	c := s.ch
	r := &Receiver[T]{}
	c.mu.Lock()
	c.receivers++
	r.init(c, c.version)
	c.mu.Unlock()
	return r
}

// Close ends the channel: receivers keep reading the last value with
// Borrow, and Changed returns [ErrClosed] once they have seen it. Close
// twice is a no-op.
func (s *Sender[T]) Close() {
	c := s.ch
	c.mu.Lock()
	if c.txClosed {
		c.mu.Unlock()
		return
	}
	c.txClosed = true
	c.wakeAllUnlock()
}

// ReceiverCount returns the number of open receivers now; it may change
// at once.
func (s *Sender[T]) ReceiverCount() int {
	c := s.ch
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.receivers
}
