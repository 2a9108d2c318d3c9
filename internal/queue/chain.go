package queue

import (
	"runtime"
	"sync/atomic"
)

// Chain is an intrusive multi-producer FIFO queue whose consumer takes
// everything pushed so far at once, as a chain of [Node]s in push order:
// the spawn queue of the Local executor, and the inject queue and inboxes
// of the Multi executor. Producers link their node behind the current
// chain's last under a one-word lock; the consumer takes that chain by
// switching producers to the other one with a single compare-and-swap,
// then walks it (Node.Unlink); or it takes a few of the oldest under the
// lock (TakeN: a Multi worker fills its run queue in batches). Push may be
// called from any goroutine; Take by one consumer at a time; TakeN from
// any goroutine, also beside a Take (it holds the lock and cuts only the
// chain producers push on, which a Take has already left: only two Takes
// could race, on resetting the chain one of them left); Empty and Count
// from anywhere. The zero value is an empty chain; it must
// not be copied after first use.
//
// Why a chain through the nodes, not a ring of pointers: a burst of a
// million spawned tasks filled 8 MB of ring chunks, fresh memory each
// time, that the collector also had to scan; linking writes to the task
// the producer has just written (its line is in the cache), and the burst
// is handed over in O(1). spawn_join with a million tasks on a Local went
// from 152-162 to 145-146 ns per task (medians of 7 runs, 6 rounds, the
// two builds alternating), and skynet on a Local from 324-333 to 287-298
// ms (its FIFO queue holds most of the tree at once).
//
// Why not Dmitry Vyukov's lock-free queue: its push is two exchanges
// (the swap and the link store), no cheaper than the lock's
// compare-and-swap and release, it needs an atomic link, and a consumer
// can find it half linked (a producer preempted between its two
// instructions), which a lock rules out.
//
// Cost in atomic read-modify-writes: a push 2 (the compare-and-swap that
// takes the lock and the store that releases it; Go's atomic stores are
// exchanges on amd64); a Take 1, however many nodes it takes; a TakeN 2.
// A contender spins briefly, then yields (runtime.Gosched): a holder runs
// a few stores, or TakeN's walk.
//
// The state word packs, from bit 0:
//
//	bit 0      locked: a producer holds the lock (it is linking its node
//	           into the current chain)
//	bit 1      nonEmpty: the current chain holds at least one node
//	bit 2      current: which of the two chains producers push on
//	bits 3-63  count: how many pushes were numbered (Push's id argument,
//	           AddCount), ever
//
// Transitions: a producer locks with a compare-and-swap from a word with
// bit 0 clear to the same word with bit 0 set, and unlocks by storing the
// word with bit 0 clear, bit 1 set and count advanced (if it numbered).
// The consumer takes with a compare-and-swap from an unlocked, non-empty
// word to the same word with bit 1 clear and bit 2 flipped: from then on
// producers push on the other chain, and the chain taken is the
// consumer's alone (no producer holds the lock, and none will touch that
// chain's ends until a later take flips bit 2 back, by which time the
// consumer has reset them). Nothing else writes the word.
//
// Memory order: every transition is sequentially consistent, so everything
// a producer wrote before Push (the node's value, the link to it) happens
// before the consumer's Take returns it, and a Push that has returned is
// seen by any later Empty (a loop that stores "parked" and then checks
// Empty cannot miss a producer that pushed and then loads "parked").
type Chain[T any] struct {
	state atomic.Uint64
	ends  [2]chainEnds[T] // ends[current] is the producers', under the lock
	// skip and offset turn the k-th counted push into the number Push
	// stores: k + (k-1)*skip + offset (Numbering); 0, 0: k itself.
	skip, offset uint32
}

// Numbering makes the k-th counted push store first + (k-1)*stride
// instead of k (stride >= 1): several chains then number from disjoint
// sets (stride chains, first = 1..stride), as a Multi's inboxes number
// its tasks without a shared counter. Call it before the chain is
// shared; it panics if stride is 0 or first is 0.
func (c *Chain[T]) Numbering(first, stride uint32) {
	if stride == 0 || first == 0 {
		panic("queue: Chain.Numbering needs first >= 1 and stride >= 1")
	}
	c.skip, c.offset = stride-1, first-1
}

// chainEnds are one chain's first and last node and its length.
type chainEnds[T any] struct {
	head, tail *Node[T]
	n          int
}

// Bits of Chain.state.
const (
	chainLocked   = 1 << 0
	chainNonEmpty = 1 << 1
	chainCurrent  = 1 << 2
	chainOne      = 1 << 3 // one in the count
	chainShift    = 3
)

// current is the index of the chain producers push on in state word s.
func current(s uint64) int { return int(s>>2) & 1 }

// lock takes the lock bit and returns the word it found.
func (c *Chain[T]) lock() uint64 {
	for spins := 0; ; spins++ {
		s := c.state.Load()
		if s&chainLocked == 0 && c.state.CompareAndSwap(s, s|chainLocked) {
			return s
		}
		if spins >= 16 {
			runtime.Gosched()
		}
	}
}

// Push appends n, which must be in no queue. With a non-nil id, it also
// advances the push counter and stores its new value k (1 for the first
// counted push, truncated to 32 bits; see Numbering for another series)
// in *id, holding the lock: before n is visible to the consumer (an
// executor numbering its tasks). Safe from any goroutine; never
// allocates.
func (c *Chain[T]) Push(n *Node[T], id *uint32) {
	if n.next != nil {
		n.next = nil // a stale link: n was in a chain a consumer walked without unlinking
	}
	s := c.state.Load()
	if s&chainLocked != 0 || !c.state.CompareAndSwap(s, s|chainLocked) {
		s = c.lock()
	}
	if id != nil {
		s += chainOne
		k := uint32(s >> chainShift)
		*id = k + (k-1)*c.skip + c.offset
	}
	e := &c.ends[current(s)]
	if e.n == 0 {
		e.head = n
	} else {
		e.tail.next = n
	}
	e.tail = n
	e.n++
	c.state.Store(s | chainNonEmpty) // unlock (bit 0 was clear in s)
}

// Take removes every node pushed since the last Take and returns the
// oldest, the newest and how many there are: walk them with
// [Node.Unlink] (or [Node.Next]) from the oldest; the newest links to
// nil. It returns nil, nil, 0 when there is none. Consumer only; O(1),
// whatever the number.
func (c *Chain[T]) Take() (head, tail *Node[T], n int) {
	for spins := 0; ; spins++ {
		s := c.state.Load()
		if s&chainNonEmpty == 0 {
			return nil, nil, 0
		}
		if s&chainLocked == 0 && c.state.CompareAndSwap(s, (s&^chainNonEmpty)^chainCurrent) {
			e := &c.ends[current(s)] // the consumer's until it flips back
			head, tail, n = e.head, e.tail, e.n
			*e = chainEnds[T]{}
			return head, tail, n
		}
		if spins >= 16 {
			runtime.Gosched()
		}
	}
}

// TakeN removes up to maxN of the oldest nodes (at least one if any is
// queued; maxN < 1 counts as 1) and returns the oldest of them, which links
// to the others in order, the newest taken linking to nil, and how many
// it took. What it leaves stays queued, ahead of later pushes. Any
// goroutine, also while another TakeN or a Take runs. It holds the lock while it walks maxN links to cut the chain: two
// atomic read-modify-writes (the lock and its release), producers waiting
// meanwhile, so maxN should be small (a batch for a run queue); Take takes
// everything in O(1) without the lock.
func (c *Chain[T]) TakeN(maxN int) (*Node[T], int) {
	if c.Empty() {
		return nil, 0
	}
	s := c.lock()
	e := &c.ends[current(s)]
	head, n := e.head, min(max(maxN, 1), e.n)
	if n == e.n {
		*e = chainEnds[T]{}
		c.state.Store(s &^ chainNonEmpty) // unlock: now empty
		return head, n
	}
	last := head
	for range n - 1 {
		last = last.next
	}
	e.head, e.n = last.next, e.n-n
	last.next = nil
	c.state.Store(s) // unlock, still non-empty
	return head, n
}

// Empty reports whether no node waits to be taken. Safe from any
// goroutine; one atomic load.
func (c *Chain[T]) Empty() bool { return c.state.Load()&chainNonEmpty == 0 }

// Count returns how many counted pushes there have been. Safe from any
// goroutine; one atomic load.
func (c *Chain[T]) Count() uint64 { return c.state.Load() >> chainShift }

// AddCount advances the push counter by one without pushing and returns
// its new value (an executor numbering a task it queues elsewhere). Safe
// from any goroutine.
func (c *Chain[T]) AddCount() uint64 {
	s := c.lock() + chainOne
	c.state.Store(s)
	return s >> chainShift
}
