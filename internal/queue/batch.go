package queue

import (
	"runtime"
	"sync/atomic"
)

// Batch is a multi-producer queue that one consumer empties all at once,
// in push order: the inject queue of an executor whose loop takes every
// pending push in one go (the Local executor). Producers push on a [Ring]
// under a one-word lock; the consumer swaps that ring for an empty one of
// its own, so that a burst of a million spawns is taken in O(1) and never
// copied when the consumer's own run queue is empty. Push may be called
// from any goroutine; Take by one consumer at a time; Empty and Count
// from anywhere. The zero value is an empty
// batch; it must not be copied after first use.
//
// Why an array, not a linked list of intrusive nodes ([Stack], [MPSC]): the
// consumer of a list reads each node's link to find the next, one
// dependent load per element, a cache miss each when a burst of spawns is
// larger than the caches (a million spawned tasks: about 25 ns each, as
// much as polling them). An array is read in order, a line of eight
// elements per miss, and the prefetcher sees it coming. A push costs two
// atomic read-modify-writes (the compare-and-swap that takes the lock and
// the store that releases it; Go's atomic stores are exchanges on amd64),
// and no link store.
//
// The state word packs, from bit 0:
//
//	bit 0      locked: a producer or the consumer holds the slice
//	bit 1      nonEmpty: the ring holds at least one element
//	bits 2-63  count: how many pushes were numbered (Push's number
//	           argument), ever
//
// Transitions: lock is a compare-and-swap from a word with bit 0 clear to
// the same word with bit 0 set; a producer's unlock stores the word with
// bit 0 clear, bit 1 set and count advanced by one if counted; the
// consumer's unlock stores it with bits 0 and 1 clear. Nothing else
// writes the word. A contender spins briefly, then yields
// (runtime.Gosched): a holder runs a few stores and an append, so the lock
// is held long only when the append grows the slice.
//
// Memory order: the lock's compare-and-swap and the unlocking store are
// sequentially consistent, so everything a producer wrote before Push (the
// element's own fields) happens before the consumer's Take returns it, and
// a Push that has returned is seen by any later Empty (a loop that stores
// "parked" and then checks Empty cannot miss a producer that pushed and
// then loads "parked").
type Batch[T any] struct {
	state atomic.Uint64
	ring  Ring[T] // guarded by the lock bit
}

// Bits of Batch.state.
const (
	batchLocked   = 1 << 0
	batchNonEmpty = 1 << 1
	batchOne      = 1 << 2 // one in the count
)

// lock takes the lock bit and returns the word it found.
func (b *Batch[T]) lock() uint64 {
	for spins := 0; ; spins++ {
		s := b.state.Load()
		if s&batchLocked == 0 && b.state.CompareAndSwap(s, s|batchLocked) {
			return s
		}
		if spins >= 16 {
			runtime.Gosched()
		}
	}
}

// Push appends v. With a non-nil number, it also advances the push
// counter and calls number(v, n) with its new value n (1 for the first
// counted push) before v is visible to the consumer, holding the lock: it
// must be a few stores, not a call that may block. Safe from any
// goroutine; allocates only when the ring grows.
func (b *Batch[T]) Push(v T, number func(T, uint64)) {
	s := b.lock()
	if number != nil {
		s += batchOne
		number(v, s>>2)
	}
	b.ring.PushBack(v)
	b.state.Store(s | batchNonEmpty) // unlock (bit 0 was clear in s)
}

// Take moves every element pushed since the last Take into into, which
// must be empty, oldest at the front, by swapping rings: O(1), whatever
// the number, and into's buffer is kept for the pushes to come. It
// reports whether there was anything to take. Consumer only; panics if
// into is not empty.
func (b *Batch[T]) Take(into *Ring[T]) bool {
	if into.Len() != 0 {
		panic("queue.Batch.Take: destination ring is not empty")
	}
	if b.state.Load()&batchNonEmpty == 0 {
		return false
	}
	s := b.lock()
	b.ring, *into = *into, b.ring
	b.state.Store(s &^ batchNonEmpty)
	return true
}

// Empty reports whether no element waits to be taken. Safe from any
// goroutine; one atomic load.
func (b *Batch[T]) Empty() bool { return b.state.Load()&batchNonEmpty == 0 }

// Count returns how many counted pushes there have been. Safe from any
// goroutine; one atomic load.
func (b *Batch[T]) Count() uint64 { return b.state.Load() >> 2 }

// AddCount advances the push counter by one without pushing and returns
// its new value (an executor numbering a task it queues elsewhere). Safe
// from any goroutine.
func (b *Batch[T]) AddCount() uint64 {
	s := b.lock() + batchOne
	b.state.Store(s)
	return s >> 2
}
