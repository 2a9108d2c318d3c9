package readyset

import (
	"slices"
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/nocopy"
	"github.com/kettle-rt/kettle/waker"
)

// Node is the waker target of one slot of a [Set]. Its address is stable for
// the life of the set (nodes are allocated in blocks that never move), so a
// waker.Waker made from it stays valid even after the slot is freed.
type Node struct {
	// next links the node in its set's ready stack. Written by the waker
	// that pushes the node, before the CAS that publishes it; read by the
	// poller after the swap that takes the stack. The queued flag keeps
	// the two apart: a node is pushed again only after the poller cleared
	// queued, which it does after reading next.
	next *Node
	set  *Set
	// queued is true while the node sits in the ready stack or in the
	// owner's batch, not yet polled. Wake sets it with a swap and pushes
	// only on the false→true edge (the owner's Insert and Requeue likewise
	// append to the batch), so a node is in the stack or the batch, once,
	// at most. The poller clears it with a swap just before it
	// polls the child: that swap reads the value written by any Wake that
	// came before it, so whatever that Wake published is visible to the
	// poll; a Wake after it pushes the node again for the next poll.
	queued atomic.Bool
	slot   int32
	used   bool // owner only: the slot holds a child
}

// Wake puts the node on its set's ready stack, if it is not queued yet,
// and, if the stack was empty, wakes the parent task set by the last
// [Set.Drain]. Safe from any
// goroutine, any number of times.
func (n *Node) Wake() {
	if n.queued.Swap(true) {
		return
	}
	if n.set.push(n) {
		if p := n.set.parent.Load(); p != nil {
			p.Wake()
		}
	}
}

// Set is the ready queue and slot table of one combinator. The zero value is
// an empty set ready to use; it must not be copied after first use.
//
// Cost: one [Node] (48 bytes) per slot, allocated in blocks on [Set.Grow] or
// [Set.Insert]; freed slots and their nodes are reused, so a set whose size
// stays bounded allocates nothing in steady state. Next, Insert and Remove
// allocate nothing once the set's arrays have grown to their peak; Drain
// allocates 16 bytes only when the parent waker differs from the last
// one's (another task polls the set).
type Set struct {
	_ nocopy.NoCopy // go vet: a Set must not be copied after first use

	// ready is the stack of woken nodes, last woken on top: wakers push
	// with a CAS, the poller takes the whole stack with one swap and
	// reverses it into wake order. Taking everything at once is what
	// makes the CAS push free of ABA: no node is ever popped alone.
	// (internal/queue's MPSC would work too, but its stub re-push costs
	// two more atomics per drain of a single node: the common case of
	// one woken child.)
	ready atomic.Pointer[Node]
	// parent is the waker a push onto the empty stack wakes: the owner's
	// task, stored by Drain. It is a pointer to a copy so that wakers read
	// it with one atomic load; Drain replaces it (one small allocation)
	// only when the task changes, so steady polling allocates nothing and
	// costs no atomic write. (A waker.Atomic costs two CAS per Drain and
	// two atomic RMWs per parent wake: a third of a one-wake cycle.)
	parent    atomic.Pointer[waker.Waker]
	parentNow waker.Waker // owner's copy of *parent, to compare
	nodes     []*Node     // by slot
	free      []int32     // freed slots, reused last freed first
	batch     []int32     // slots drained for the current poll, from pos on
	pos       int
	live      int
}

// push puts n on the ready stack and reports whether the stack was empty.
// Any goroutine; n.queued was just set.
//
// Only a push onto an empty stack wakes the parent: a push onto a
// non-empty one happens before the swap that will take the node below it,
// whose push woke the parent (or will, once past its CAS) after the last
// take, so a drain that takes both is already due. Nor is the wake of a
// push onto the empty stack lost when Drain changes the parent: the push
// comes before the pusher's load of parent; if that load still sees the
// old parent, it came before Drain's store of the new one, hence before
// Drain's take, which then finds the node. (futures-rs wakes on every
// push and lets its AtomicWaker drop the extra wakes.)
func (s *Set) push(n *Node) (wasEmpty bool) {
	for {
		top := s.ready.Load()
		n.next = top
		if s.ready.CompareAndSwap(top, n) {
			return top == nil
		}
	}
}

// Grow makes room for n more children without further allocation: one
// block of nodes and the arrays that index them.
func (s *Set) Grow(n int) {
	need := n - len(s.free)
	if need <= 0 {
		return
	}
	block := make([]Node, need)
	base := len(s.nodes)
	s.nodes = slices.Grow(s.nodes, need)
	s.free = slices.Grow(s.free, need)
	for i := range block {
		nd := &block[i]
		nd.set, nd.slot = s, int32(base+i)
		s.nodes = append(s.nodes, nd)
	}
	// The new slots go on top of the free stack, lowest on top, so that
	// inserting n children into a fresh set gives them slots 0, 1, ...
	for i := need - 1; i >= 0; i-- {
		s.free = append(s.free, int32(base+i))
	}
	if cap(s.batch) < len(s.nodes) {
		b := make([]int32, len(s.batch), len(s.nodes))
		copy(b, s.batch)
		s.batch = b
	}
}

// Insert takes a free slot (growing the set if none is free), marks it used
// and queues it, so that the next poll polls the new child once: every
// child is polled at least once without a wake. It returns the slot.
func (s *Set) Insert() int {
	if len(s.free) == 0 {
		s.Grow(max(4, len(s.nodes)/2))
	}
	i := s.free[len(s.free)-1]
	s.free = s.free[:len(s.free)-1]
	n := s.nodes[i]
	n.used = true
	s.live++
	s.Requeue(int(i))
	return int(i)
}

// Remove frees slot i (which must be used). A wake of its node that is
// already under way, or comes later, costs at most a spurious poll of the
// child that takes the slot next.
func (s *Set) Remove(i int) {
	n := s.nodes[i]
	if !n.used {
		panic("readyset: Remove of a free slot")
	}
	n.used = false
	s.live--
	s.free = append(s.free, int32(i))
}

// Requeue queues slot i for the next poll without waking the parent: for a
// child that may make progress without a wake (a stream that just yielded
// an item). The caller arranges to be polled again. The owner queues it
// straight into its batch (no push, no CAS); the queued flag still keeps
// the node in at most one of the stack and the batch, once.
func (s *Set) Requeue(i int) {
	n := s.nodes[i]
	if !n.queued.Swap(true) {
		s.batch = append(s.batch, int32(i))
	}
}

// Len returns the number of used slots.
func (s *Set) Len() int { return s.live }

// Used reports whether slot i holds a child.
func (s *Set) Used(i int) bool { return i >= 0 && i < len(s.nodes) && s.nodes[i].used }

// Drain begins a poll: it makes parent the waker that the children's
// wakes wake, then moves every queued node into the batch that [Set.Next]
// hands out, after what an earlier poll left in it. Setting parent first means
// that a wake racing with the drain either lands in this batch or wakes
// parent: none is lost. It returns the number of slots in the batch.
// Woken slots come in wake order.
func (s *Set) Drain(parent waker.Waker) int {
	if s.parent.Load() == nil || !s.parentNow.WillWake(parent) {
		p := parent
		s.parentNow = parent
		s.parent.Store(&p)
	}
	if s.pos > 0 {
		k := copy(s.batch, s.batch[s.pos:])
		s.batch, s.pos = s.batch[:k], 0
	}
	if s.ready.Load() == nil {
		return len(s.batch)
	}
	from := len(s.batch)
	for n := s.ready.Swap(nil); n != nil; n = n.next {
		s.batch = append(s.batch, n.slot)
	}
	reverse(s.batch[from:])
	return len(s.batch)
}

// Rotate makes the batch start at its k-th slot (0 <= k < the count Drain
// returned), keeping the cyclic order: how a seeded Chooser picks the child
// polled first.
func (s *Set) Rotate(k int) {
	b := s.batch[s.pos:]
	if k <= 0 || k >= len(b) {
		return
	}
	reverse(b[:k])
	reverse(b[k:])
	reverse(b)
}

func reverse(b []int32) {
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
}

// Next hands out the next slot of the batch to poll and the waker to poll
// it with, skipping freed slots; false when the batch is used up. The
// node's queued flag is cleared here, just before the poll, so a wake
// during the poll queues the child again. Slots the owner does not take
// (it returned early) stay in the batch for its next poll.
func (s *Set) Next() (int, waker.Waker, bool) {
	for s.pos < len(s.batch) {
		i := s.batch[s.pos]
		s.pos++
		n := s.nodes[i]
		n.queued.Swap(false)
		if n.used {
			return int(i), waker.New(n), true
		}
	}
	s.batch, s.pos = s.batch[:0], 0
	return 0, waker.Waker{}, false
}

// Pending returns the number of batch slots Next has not handed out yet.
func (s *Set) Pending() int { return len(s.batch) - s.pos }

// Reset frees every slot and forgets the batch and the parent waker; the
// nodes stay allocated for reuse. Queued nodes stay queued: their next
// drain skips them.
func (s *Set) Reset() {
	s.free = s.free[:0]
	for i := len(s.nodes) - 1; i >= 0; i-- {
		s.nodes[i].used = false
		s.free = append(s.free, int32(i))
	}
	s.live = 0
	s.batch, s.pos = s.batch[:0], 0
	s.parent.Store(nil)
	s.parentNow = waker.Waker{}
}
