package executor

import (
	"math"
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
//
// A consumer takes the whole chain at once and hands out up to what it
// asked for; the rest stays in held, in order, for the next consumer,
// before anything pushed since. heldN publishes how many tasks held has,
// so that a worker deciding whether to park sees them (maybeNonEmpty).
type taskQueue struct {
	q  queue.Chain[taskImpl]
	mu sync.Mutex // the consumer's right to pop, and to held
	// held is the rest of the last chain taken, oldest first; mu-owned.
	held *queue.Node[taskImpl]
	// heldN is held's length. Written by the consumer holding mu, read by
	// anyone (maybeNonEmpty); it is at least 1 from before the consumer
	// takes a chain until it has handed out or kept its tasks, so a task
	// taken from q is never invisible to a worker about to park.
	heldN atomic.Int64
}

// push queues t. Any goroutine; never blocks for long (the chain's lock
// is held for a few stores), allocates nothing.
func (in *taskQueue) push(t *task) { in.q.Push(&t.node, nil) }

// maybeNonEmpty reports whether a task may be waiting: never false while
// a task whose push has returned waits for a consumer. Any goroutine.
func (in *taskQueue) maybeNonEmpty() bool { return !in.q.Empty() || in.heldN.Load() != 0 }

// popBatch pops up to max tasks into out (appending) without blocking on
// another consumer, and returns out.
func (in *taskQueue) popBatch(out []*task, max int) []*task {
	if !in.maybeNonEmpty() || !in.mu.TryLock() {
		return out
	}
	defer in.mu.Unlock()
	return in.popLocked(out, max)
}

// popLocked is popBatch for a caller holding mu.
func (in *taskQueue) popLocked(out []*task, max int) []*task {
	n := in.heldN.Load() // ours: we hold mu
	for max > 0 {
		if n == 0 {
			if in.q.Empty() {
				break
			}
			in.heldN.Store(1) // before the take hides the chain from Empty
			head, _, k := in.q.Take()
			in.held, n = head, int64(k)
			if k == 0 {
				break
			}
		}
		x := in.held
		in.held = x.Unlink()
		out = append(out, x.Value.header())
		n--
		max--
	}
	in.heldN.Store(n)
	return out
}

// popAllLocked appends every queued task to ts and returns ts. Caller
// holds mu.
func (in *taskQueue) popAllLocked(ts []*task) []*task {
	return in.popLocked(ts, math.MaxInt)
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
