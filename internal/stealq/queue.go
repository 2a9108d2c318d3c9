package stealq

import "sync/atomic"

const mask = Capacity - 1

// Queue is a fixed-size single-producer ring with multi-consumer stealing.
// The owner (one goroutine) calls [Queue.Push] and [Queue.Pop]; any
// goroutine may call [Queue.StealInto] (into a queue it owns) and
// [Queue.Len]. The zero value is an empty queue; a Queue must not be copied.
//
// Indices are free-running uint32 counters (slot = index & mask), so they
// wrap after 2^32 operations without harm: every comparison is a
// difference.
//
// Layout of head (one atomic word, so one CAS moves both halves):
//
//	bits 63..32  steal: first index still being copied by a thief
//	bits 31..0   real:  first index not yet claimed by anyone
//
// steal == real when no steal is in progress. Invariants:
// real <= tail, tail - steal <= Capacity (the owner never writes a slot a
// thief may still be reading: Push checks room against steal, not real).
//
// Memory order: head and tail are sequentially consistent atomics; the
// slots are plain words, every access to one ordered by them (so neither
// a locked instruction per slot nor a data race, as the race detector
// checks in the tests):
//   - The owner writes slot tail, then stores tail+1: a thief or the owner
//     that loads that tail value and then reads the slot sees the task.
//   - A slot is read (and cleared, for the collector) only by whoever
//     claimed its index with a CAS of head: the owner (Pop, overflow) or
//     one thief (StealInto's reservation). Claims are disjoint.
//   - A thief's final CAS of head (steal := real) comes after it has read
//     and cleared the slots it stole; the owner loads head, sees steal
//     moved past them, and only then writes them again (Push checks room
//     against steal).
type Queue[T any] struct {
	head atomic.Uint64 // steal<<32 | real; CAS by owner (Pop, overflow) and thieves
	_    [56]byte      // keep thieves' head off the owner's tail line
	tail atomic.Uint32 // next index to write; stored by the owner only
	buf  [Capacity]*T  // plain: ordered by head and tail (see above)
}

func pack(steal, real uint32) uint64 { return uint64(steal)<<32 | uint64(real) }

func unpack(h uint64) (steal, real uint32) { return uint32(h >> 32), uint32(h) }

// Len returns the number of tasks in the queue, including those a thief
// has reserved but not yet moved. Safe from any goroutine; a snapshot.
func (q *Queue[T]) Len() int {
	_, real := unpack(q.head.Load())
	return int(q.tail.Load() - real)
}

// IsEmpty reports whether Len is 0.
func (q *Queue[T]) IsEmpty() bool { return q.Len() == 0 }

// Push appends v at the back. Owner only. When the ring is full it moves
// half of it (the oldest Capacity/2 tasks) plus v into spill[:0] and
// returns that slice, which the caller must hand to the global inject
// queue; otherwise it returns nil. spill should have capacity
// Capacity/2+1 so that the overflow path allocates nothing. When a thief
// is mid-steal the ring cannot give up half; Push then returns just v in
// spill (the thief is making room anyway).
func (q *Queue[T]) Push(v *T, spill []*T) []*T {
	if v == nil {
		panic("stealq.Queue.Push: nil task")
	}
	for {
		h := q.head.Load()
		steal, real := unpack(h)
		tail := q.tail.Load() // own store: no race
		if tail-steal < Capacity {
			q.buf[tail&mask] = v
			q.tail.Store(tail + 1) // publishes the slot to Pop/StealInto
			return nil
		}
		if steal != real {
			// A thief holds [steal, real): we cannot take half. Spill v
			// alone; the ring stays full until the thief finishes.
			return append(spill[:0], v)
		}
		// Full and no thief: claim the oldest half in one CAS.
		const half = Capacity / 2
		if !q.head.CompareAndSwap(h, pack(real+half, real+half)) {
			continue // a Pop or a thief moved head; look again
		}
		spill = spill[:0]
		for i := uint32(0); i < half; i++ {
			j := (real + i) & mask
			spill = append(spill, q.buf[j])
			q.buf[j] = nil
		}
		return append(spill, v)
	}
}

// Pop removes the oldest task (FIFO: the owner runs tasks in the order
// they were queued; the LIFO slot above this queue gives recency). Owner
// only. Returns nil when empty.
func (q *Queue[T]) Pop() *T {
	for {
		h := q.head.Load()
		steal, real := unpack(h)
		if real == q.tail.Load() {
			return nil
		}
		next := pack(steal, real+1)
		if steal == real {
			next = pack(real+1, real+1)
		}
		// The CAS claims index real against thieves; after it the slot is
		// ours: no thief's range includes it and the owner is us.
		if q.head.CompareAndSwap(h, next) {
			v := q.buf[real&mask]
			q.buf[real&mask] = nil // let the collector have it once it finishes
			return v
		}
	}
}

// StealInto moves about half of q's tasks into dst, which the caller owns
// and which must be empty, and returns one of them to run at once (nil if
// there was nothing to steal or another thief is busy with q). Safe from
// any goroutine that owns dst; dst != q.
//
// Two phases: a CAS of q.head reserves [real, real+n) by moving real while
// leaving steal behind (so the owner's Push cannot overwrite the range);
// after copying, a second CAS sets steal = real, releasing the slots.
func (q *Queue[T]) StealInto(dst *Queue[T]) *T {
	if dst == q {
		panic("stealq.Queue.StealInto: stealing from itself")
	}
	dstTail := dst.tail.Load()
	if _, dr := unpack(dst.head.Load()); dstTail != dr {
		panic("stealq.Queue.StealInto: destination not empty")
	}
	// Phase 1: reserve.
	var first, n uint32
	for {
		h := q.head.Load()
		steal, real := unpack(h)
		if steal != real {
			return nil // another thief is copying
		}
		avail := q.tail.Load() - real
		n = avail - avail/2 // half, rounded up: a single task is stolen too
		if n == 0 {
			return nil
		}
		if q.head.CompareAndSwap(h, pack(steal, real+n)) {
			first = real
			break
		}
	}
	// Copy: the reserved slots are ours to read; the owner will not write
	// them until phase 2 releases them. dst's slots from dstTail on are
	// free (dst is empty and we own it).
	for i := uint32(0); i < n; i++ {
		j := (first + i) & mask
		dst.buf[(dstTail+i)&mask] = q.buf[j]
		q.buf[j] = nil
	}
	// Phase 2: release. Only we move steal, but the owner may have popped
	// (moved real) meanwhile, so retry until our CAS lands.
	for {
		h := q.head.Load()
		_, real := unpack(h)
		if q.head.CompareAndSwap(h, pack(real, real)) {
			break
		}
	}
	// Keep the last stolen task to run now; publish the others in dst.
	n--
	ret := dst.buf[(dstTail+n)&mask]
	dst.buf[(dstTail+n)&mask] = nil
	if n > 0 {
		dst.tail.Store(dstTail + n)
	}
	return ret
}

// Drain pops every task, calling f on each. Owner only (or any goroutine
// once the owner and every thief have stopped).
func (q *Queue[T]) Drain(f func(*T)) {
	for v := q.Pop(); v != nil; v = q.Pop() {
		f(v)
	}
}
