package queue

import "sync/atomic"

// Node is the link a value carries to sit in an [MPSC] queue: intrusive, so
// pushing allocates nothing. Embed it in the queued struct and set Value to
// point back at that struct (an executor's task sets Value to itself).
//
// A Node may be in at most one queue at a time, and at most once: the caller
// guarantees that (an executor's task state word lets only the wake that
// moved the task from idle to scheduled push it).
type Node[T any] struct {
	next  atomic.Pointer[Node[T]]
	Value T
}

// PopResult says what [MPSC.Pop] found.
type PopResult uint8

const (
	// PopItem: a node was removed and returned.
	PopItem PopResult = iota
	// PopEmpty: the queue holds nothing and no push is in progress.
	PopEmpty
	// PopRetry: a producer has claimed its place (its swap is done) but has
	// not yet linked its node. The queue is not empty: the producer is
	// between two instructions, so the consumer should yield the processor
	// (runtime.Gosched) and pop again rather than spin or give up.
	PopRetry
)

// MPSC is Dmitry Vyukov's intrusive multi-producer single-consumer queue.
// Push may be called from any goroutine; Pop, and the emptiness checks, by
// one consumer at a time (the executor's loop). Call [MPSC.Init] before use;
// an MPSC must not be copied after that.
//
// How it works: producers swap themselves into head and then link the
// previous head to themselves; the consumer walks from tail along the links.
// A producer preempted between its swap and its link leaves the chain
// broken for a moment: Pop then reports [PopRetry] instead of spinning,
// because a consumer spinning on a preempted producer could wait a whole
// scheduler time slice.
//
// Memory order: the swap in Push and the store of the link are sequentially
// consistent; the consumer's load of a link synchronizes with the store that
// wrote it, so everything the producer wrote before Push (the task's state,
// its future) is visible to the consumer that pops the node.
type MPSC[T any] struct {
	head atomic.Pointer[Node[T]] // last pushed node; producers swap it
	_    [56]byte                // keep producers' head off the consumer's cache line
	tail *Node[T]                // next node to pop; consumer-owned
	// stub is the placeholder that keeps the chain non-empty. A node of
	// its own, not a field: a popped node may still point at it, and
	// whatever reaches that node (a waker of its task) must not reach the
	// queue's owner through it — a stub inside an executor kept that
	// executor alive (executor/local_cleanup.go). Clearing the popped
	// node's link instead cost an atomic store per drain (~8 ns per
	// ping-pong wake, measured).
	stub *Node[T]
	// lagging is true while head may be the stub although nodes still
	// hang between tail and it: the consumer sets it just before it
	// re-pushes the stub behind the last node, and clears it when its tail
	// reaches the stub again. Empty reads it after head, so a head that
	// went back to the stub is never mistaken for an empty queue. (Without
	// it, a Pop that raced with a producer's swap left head == &stub with
	// two nodes still queued: Empty said true, and Multi's workers, which
	// trust it, parked with those tasks stranded.)
	lagging atomic.Bool
}

// Init makes q an empty queue. Call it once, before any other method.
func (q *MPSC[T]) Init() {
	q.stub = new(Node[T])
	q.head.Store(q.stub)
	q.tail = q.stub
}

// Push appends n. Safe from any goroutine; costs one atomic swap and one
// atomic store (plus one resetting n's link if n was queued before), never
// blocks, never allocates. n must not be in any queue.
func (q *MPSC[T]) Push(n *Node[T]) {
	// The link is read first: a node never queued before (a spawned
	// task) already links to nil, and a load costs less than a store (a
	// locked instruction).
	if n.next.Load() != nil {
		n.next.Store(nil)
	}
	prev := q.head.Swap(n)
	// Window: between the swap above and the store below, the chain from
	// tail does not reach n yet; Pop reports PopRetry meanwhile.
	prev.next.Store(n)
}

// Pop removes the oldest node. Consumer only.
func (q *MPSC[T]) Pop() (*Node[T], PopResult) {
	tail := q.tail
	next := tail.next.Load()
	if tail == q.stub {
		if next == nil {
			if q.head.Load() != q.stub {
				return nil, PopRetry
			}
			return nil, PopEmpty
		}
		// Skip the stub.
		q.tail = next
		tail = next
		next = next.next.Load()
	}
	if next != nil {
		q.tail = next
		if next == q.stub {
			q.lagging.Store(false) // head may be the stub again: now truly
		}
		return tail, PopItem
	}
	// tail is the last linked node. If it is also the last pushed, put the
	// stub behind it so that tail can be handed out while the chain stays
	// non-empty; otherwise a producer is in its window.
	if tail != q.head.Load() {
		return nil, PopRetry
	}
	if testHookBeforeStub != nil {
		testHookBeforeStub(q) // a producer's swap lands here in tests
	}
	// Announce the lag before head can become the stub (see lagging).
	q.lagging.Store(true)
	q.Push(q.stub)
	next = tail.next.Load()
	if next != nil {
		q.tail = next
		if next == q.stub {
			q.lagging.Store(false)
		}
		return tail, PopItem
	}
	// Another producer swapped in between our check and the stub's push and
	// has not linked yet: tail, its node and the stub are all still queued,
	// and lagging stays set until the consumer's tail reaches the stub.
	return nil, PopRetry
}

// Empty reports whether the queue holds no node. It reads the producers'
// head and the consumer's lagging flag, so it is safe from any goroutine.
// It may report false for a queue that is about to pop empty (a spurious
// look costs one Pop), never true for one that holds a node whose Push has
// returned: a caller that sees true and then parks is woken by the next
// Push's notification.
func (q *MPSC[T]) Empty() bool { return q.head.Load() == q.stub && !q.lagging.Load() }

// testHookBeforeStub, set only by tests, runs in Pop just before the stub
// is re-pushed: the one place where a producer's swap makes head the stub
// while nodes are still queued. It is reached once per drain, not per pop.
var testHookBeforeStub func(q any)
