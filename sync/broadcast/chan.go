package broadcast

import (
	"github.com/kettle-rt/kettle/internal/footprint"

	"github.com/kettle-rt/kettle/internal/waitq"
)

// slot is one place in the ring.
type slot[T any] struct {
	v   T
	rem int // receivers that have yet to read v; v is cleared at 0
}

// channel is the state shared by every handle. Sequence numbers count the
// values ever sent: value number s lives in slots[s % len(slots)] while
// s >= tail - len(slots).
type channel[T any] struct {
	mu        footprint.Mutex
	slots     []slot[T]
	tail      uint64 // sequence number of the next value
	senders   int    // open Sender handles
	receivers int    // open Receivers
	waiters   waitq.Queue[struct{}]
}

// New returns a Sender and a first Receiver of a channel retaining the last
// capacity values. A capacity below 1 panics with
// "broadcast.New: capacity must be positive".
//
// Cost: one allocation for the channel and both handles, one for the ring.
func New[T any](capacity int) (*Sender[T], *Receiver[T]) {
	if capacity <= 0 {
		panic("broadcast.New: capacity must be positive")
	}
	c := &first[T]{}
	c.ch.slots = make([]slot[T], capacity)
	c.ch.senders, c.ch.receivers = 1, 1
	c.tx.ch = &c.ch
	c.rx.init(&c.ch, 0)
	return &c.tx, &c.rx
}

// first is New's single allocation: the channel and its first handles.
type first[T any] struct {
	ch channel[T]
	tx Sender[T]
	rx Receiver[T]
}

// oldest is the sequence number of the oldest value retained. Locked.
func (c *channel[T]) oldest() uint64 {
	if n := uint64(len(c.slots)); c.tail > n {
		return c.tail - n
	}
	return 0
}

// unref records that one receiver will not read value seq. Locked.
func (c *channel[T]) unref(seq uint64) {
	s := &c.slots[seq%uint64(len(c.slots))]
	if s.rem--; s.rem == 0 {
		var zero T
		s.v = zero
	}
}

// wakeAllUnlock wakes every waiting Recv (see waitq.Queue.WakeAllUnlock: in
// batches, with the lock released, allocating nothing). Called locked;
// returns unlocked.
func (c *channel[T]) wakeAllUnlock() { c.waiters.WakeAllUnlock(&c.mu) }
