package executor

import (
	"sync"
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/queue"
)

// taskQueue is a Multi's shared kind of queue: the global inject queue
// (multiInject) and each worker's inbox (worker.inbox). Producers push
// through the task's node on a queue.Chain (a task is in at most one queue
// at a time, by its state word); one consumer at a time pops, holding mu.
// Workers only TryLock it: a worker that finds another one popping goes
// on with its own work instead of waiting.
type taskQueue struct {
	q  queue.Chain[taskImpl]
	mu sync.Mutex // the consumer's right to pop
}

// push queues t; with a non-nil id it numbers t too, storing its number
// in *id before t is visible to consumers (queue.Chain.Push). Any
// goroutine; allocates nothing; waits only while another producer or a
// consumer holds the chain's lock (a few stores, or a batch's links).
func (in *taskQueue) push(t *task, id *uint32) { in.q.Push(&t.node, id) }

// maybeNonEmpty reports whether a task may be waiting: never false while
// a task whose push has returned waits for a consumer. Any goroutine.
func (in *taskQueue) maybeNonEmpty() bool { return !in.q.Empty() }

// popBatch pops up to max tasks into out (appending) without blocking on
// another consumer, and returns out.
func (in *taskQueue) popBatch(out []*task, max int) []*task {
	if in.q.Empty() || !in.mu.TryLock() {
		return out
	}
	defer in.mu.Unlock()
	return in.takeN(out, max)
}

// takeN pops up to max tasks into out (appending) and returns out,
// without the consumer's mutex: for a worker taking from its own inbox,
// which pops only with TakeN. queue.Chain lets TakeN run beside other
// consumers (it holds the chain's lock and cuts only the chain producers
// push on), so only Take, in popAllLocked, needs mu; thieves take it
// anyway, so that two of them do not queue on the chain's lock. The
// owner saves two atomic read-modify-writes per take, and it takes one
// task per turn while its ring is full or empty.
func (in *taskQueue) takeN(out []*task, max int) []*task {
	x, _ := in.q.TakeN(max)
	return appendChain(out, x)
}

// takeOne pops the oldest task, or returns nil; as takeN, without mu.
func (in *taskQueue) takeOne() *task {
	if x, _ := in.q.TakeN(1); x != nil {
		return x.Value.header() // TakeN left its link nil
	}
	return nil
}

// popAllLocked appends every queued task to ts and returns ts. Caller
// holds mu.
func (in *taskQueue) popAllLocked(ts []*task) []*task {
	x, _, _ := in.q.Take()
	return appendChain(ts, x)
}

// appendChain appends the tasks of a chain taken from a queue.Chain to
// ts, unlinking each, and returns ts.
func appendChain(ts []*task, x *queue.Node[taskImpl]) []*task {
	for x != nil {
		next := x.Unlink()
		ts = append(ts, x.Value.header())
		x = next
	}
	return ts
}

// multiInject is a Multi's global queue: spawns from outside the workers,
// wakes of tasks whose worker is not polling, tasks displaced from a LIFO
// slot and ring overflow. It counts what goes through it, for
// Metrics.InjectDepth.
type multiInject struct {
	taskQueue
	// pushes and pops count tasks in and out. pushes is added to by every
	// producer (one more atomic add beside the chain's lock and release);
	// pops by the one consumer that holds mu. Each on its own cache line.
	_      [64]byte
	pushes atomic.Uint64
	_      [56]byte
	pops   atomic.Uint64
}

// push queues t. Any goroutine; allocates nothing.
func (in *multiInject) push(t *task) {
	in.q.Push(&t.node, nil)
	in.pushes.Add(1)
}

// depth is the number of tasks waiting (a snapshot: pops are counted when
// the consumer takes them, pushes just after they are linked, so it may
// briefly read one low).
func (in *multiInject) depth() int {
	pops := in.pops.Load() // before pushes: never more pops than pushes seen
	return int(max(int64(in.pushes.Load()-pops), 0))
}

// popBatch is taskQueue.popBatch, counted.
func (in *multiInject) popBatch(out []*task, max int) []*task {
	n0 := len(out)
	out = in.taskQueue.popBatch(out, max)
	if k := len(out) - n0; k > 0 {
		in.pops.Add(uint64(k))
	}
	return out
}

// popAllLocked is taskQueue.popAllLocked, counted. Caller holds mu.
func (in *multiInject) popAllLocked(ts []*task) []*task {
	n0 := len(ts)
	ts = in.taskQueue.popAllLocked(ts)
	if k := len(ts) - n0; k > 0 {
		in.pops.Add(uint64(k))
	}
	return ts
}
