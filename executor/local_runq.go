package executor

import "github.com/kettle-rt/kettle/internal/queue"

// runQueue is a Local's ready queue, loop-owned: a ring of task pointers
// followed by a list of tasks linked through their nodes, in FIFO order
// (every task in the ring comes before every task in the list).
//
// Why two parts: a burst of spawns arrives as a chain (queue.Chain, linked
// through the tasks themselves) and joins the list in O(1), without 8
// bytes of fresh ring per task that the collector would also scan (a
// million spawned tasks: 8 MB); the loop then walks it, unlinking each task
// as it pops it. Everything else (wakes, requeues) goes to the ring, which
// the seeded and the steered loop need for their indexed picks, while the
// list is empty; while it is not, a push joins the list's end, keeping
// FIFO order. An indexed access (At, RemoveAt), a drain of woken tasks
// (which the loop reverses in the ring) or a Clear first moves the list
// into the ring (flat): O(list), once per burst, and otherwise done only
// by a seeded or steered loop, a dump and Close.
type runQueue struct {
	ring queue.Ring[*task]
	// head and tail are the list's first and last nodes, n its length;
	// nil, nil, 0 when it is empty.
	head, tail *queue.Node[taskImpl]
	n          int
}

// Len returns the number of tasks queued.
func (q *runQueue) Len() int { return q.ring.Len() + q.n }

// PushBack queues t, which is in no queue, at the back. (The loop's hot
// paths test n themselves and call the ring's PushBack and PopFront
// directly: this method, with two calls in it, does not inline, and the
// extra call cost a Local's ping-pong 2-3%.)
func (q *runQueue) PushBack(t *task) {
	if q.n == 0 {
		q.ring.PushBack(t)
		return
	}
	q.pushList(t)
}

// pushList is PushBack while the list holds tasks: t joins its end.
func (q *runQueue) pushList(t *task) {
	t.node.Unlink() // defensive: a consumer that walked t's last chain cleared it
	q.tail.Link(&t.node)
	q.tail = &t.node
	q.n++
}

// pushChain queues a chain taken from a queue.Chain (head to tail, n
// tasks, oldest first) at the back: O(1).
func (q *runQueue) pushChain(head, tail *queue.Node[taskImpl], n int) {
	if n == 0 {
		return
	}
	if q.n == 0 {
		q.head = head
	} else {
		q.tail.Link(head)
	}
	q.tail = tail
	q.n += n
}

// PopFront removes and returns the front task; ok is false if none is
// queued.
func (q *runQueue) PopFront() (t *task, ok bool) {
	if q.ring.Len() != 0 {
		return q.ring.PopFront()
	}
	return q.popList()
}

// popList is PopFront once the ring is empty: the list's first task,
// unlinked.
func (q *runQueue) popList() (*task, bool) {
	if q.n == 0 {
		return nil, false
	}
	n := q.head
	q.head = n.Unlink()
	q.n--
	if q.n == 0 {
		q.tail = nil
	}
	return n.Value.header(), true
}

// flat moves the list to the back of the ring, in order, unlinking it.
func (q *runQueue) flat() {
	if q.n == 0 {
		return
	}
	q.ringChain(q.head)
	q.head, q.tail, q.n = nil, nil, 0
}

// ringChain pushes the tasks of the chain from x on the ring, in chain
// order, unlinking each (its link is read before the push), and returns
// how many. Also for a chain taken from the woken stack, which is in no
// queue of q's.
func (q *runQueue) ringChain(x *queue.Node[taskImpl]) int {
	k := 0
	for x != nil {
		next := x.Unlink()
		q.ring.PushBack(x.Value.header())
		x = next
		k++
	}
	return k
}

// At returns the task at index i (0 is the front); it panics if i is out
// of range. O(list) the first time while the list holds tasks (flat).
func (q *runQueue) At(i int) *task {
	q.flat()
	return q.ring.At(i)
}

// RemoveAt removes and returns the task at index i, moving the front task
// into its place (queue.Ring.RemoveAt: for uniformly random picks, not
// FIFO). It panics if i is out of range.
func (q *runQueue) RemoveAt(i int) *task {
	q.flat()
	return q.ring.RemoveAt(i)
}

// Clear removes every task.
func (q *runQueue) Clear() {
	q.flat()
	q.ring.Clear()
}

// Shrink gives back what a burst left in the ring (queue.Ring.Shrink).
func (q *runQueue) Shrink(min int) { q.ring.Shrink(min) }
