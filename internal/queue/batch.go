package queue

import (
	"runtime"
	"sync/atomic"
)

// Batch is a multi-producer queue that one consumer empties all at once,
// in push order: the spawn queue of an executor whose loop takes every
// pending push in one go (the Local executor). Producers push on one of
// two [Ring]s under a one-word lock; the consumer takes that ring by
// switching producers to the other one with a single compare-and-swap,
// then swaps the ring it took with an empty one of its own, so that a
// burst of a million spawns is taken in O(1) and never copied when the
// consumer's own run queue is empty. Push may be called from any
// goroutine; Take by one consumer at a time; Empty and Count from
// anywhere. The zero value is an empty batch; it must not be copied after
// first use.
//
// Why an array, not a linked list of intrusive nodes ([Stack], [MPSC]): the
// consumer of a list reads each node's link to find the next, one
// dependent load per element, a cache miss each when a burst of spawns is
// larger than the caches (a million spawned tasks: about 25 ns each, as
// much as polling them). An array is read in order, a line of eight
// elements per miss, and the prefetcher sees it coming.
//
// Cost in atomic read-modify-writes: a push 2 (the compare-and-swap that
// takes the lock and the store that releases it; Go's atomic stores are
// exchanges on amd64), and no link store; a take 1, however many elements
// it takes. A single ring under the lock would cost a take 2 (lock and
// unlock): a task that spawns one task per poll (a chain) paid for it,
// about 15% of a spawn and poll. BenchmarkPushDrain, one push and the take
// that gets it: 33 ns, against 20 ns for a [Stack] push and drain, which
// numbers nothing (a counter of its own adds an atomic add); 64 pushes
// and one take: 1.1 µs, against 0.75 µs.
//
// The state word packs, from bit 0:
//
//	bit 0      locked: a producer holds the lock (it is pushing on the
//	           current ring)
//	bit 1      nonEmpty: the current ring holds at least one element
//	bit 2      current: which of the two rings producers push on
//	bits 3-63  count: how many pushes were numbered (Push's number
//	           argument, AddCount), ever
//
// Transitions: a producer locks with a compare-and-swap from a word with
// bit 0 clear to the same word with bit 0 set, and unlocks by storing the
// word with bit 0 clear, bit 1 set (if it pushed) and count advanced (if
// it numbered). The consumer takes with a compare-and-swap from an
// unlocked, non-empty word to the same word with bit 1 clear and bit 2
// flipped: from then on producers push on the other ring, and the ring
// taken is the consumer's alone (no producer holds the lock, and none will
// touch that ring until a later take flips bit 2 back, which the consumer
// does only after emptying it). Nothing else writes the word. A contender
// spins briefly, then yields (runtime.Gosched): a holder runs a few
// stores, so the lock is held long only when the push grows the ring.
//
// Memory order: every transition is sequentially consistent, so everything
// a producer wrote before Push (the element's own fields, the ring)
// happens before the consumer's Take returns it, the consumer's use of a
// ring happens before producers push on it again, and a Push that has
// returned is seen by any later Empty (a loop that stores "parked" and
// then checks Empty cannot miss a producer that pushed and then loads
// "parked").
type Batch[T any] struct {
	state atomic.Uint64
	rings [2]Ring[T] // rings[current] is the producers', under the lock; the other the consumer's
}

// Bits of Batch.state.
const (
	batchLocked   = 1 << 0
	batchNonEmpty = 1 << 1
	batchCurrent  = 1 << 2
	batchOne      = 1 << 3 // one in the count
	batchShift    = 3
)

// current is the index of the ring producers push on in state word s.
func current(s uint64) int { return int(s>>2) & 1 }

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
// goroutine; allocates only when the ring needs a chunk (see [Ring]).
func (b *Batch[T]) Push(v T, number func(T, uint64)) {
	s := b.state.Load()
	if s&batchLocked != 0 || !b.state.CompareAndSwap(s, s|batchLocked) {
		s = b.lock()
	}
	if number != nil {
		s += batchOne
		number(v, s>>batchShift)
	}
	b.rings[current(s)].PushBack(v)
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
	for spins := 0; ; spins++ {
		s := b.state.Load()
		if s&batchNonEmpty == 0 {
			return false
		}
		if s&batchLocked == 0 && b.state.CompareAndSwap(s, (s&^batchNonEmpty)^batchCurrent) {
			r := &b.rings[current(s)] // the consumer's until it flips back
			*r, *into = *into, *r
			return true
		}
		if spins >= 16 {
			runtime.Gosched()
		}
	}
}

// Empty reports whether no element waits to be taken. Safe from any
// goroutine; one atomic load.
func (b *Batch[T]) Empty() bool { return b.state.Load()&batchNonEmpty == 0 }

// Count returns how many counted pushes there have been. Safe from any
// goroutine; one atomic load.
func (b *Batch[T]) Count() uint64 { return b.state.Load() >> batchShift }

// AddCount advances the push counter by one without pushing and returns
// its new value (an executor numbering a task it queues elsewhere). Safe
// from any goroutine.
func (b *Batch[T]) AddCount() uint64 {
	s := b.lock() + batchOne
	b.state.Store(s)
	return s >> batchShift
}
