package executor

import (
	"sync"
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/queue"
)

// taskQueue is a Multi's shared kind of queue: the global inject queue
// (multiInject) and each worker's inbox (worker.inbox). Producers push
// lock-free (an intrusive Vyukov queue, through the task's node: a task is
// in at most one queue at a time, by its state word); one consumer at a
// time pops, holding mu. Workers only TryLock it: a worker that finds
// another one popping goes on with its own work instead of waiting.
type taskQueue struct {
	q  queue.MPSC[taskImpl]
	mu sync.Mutex // the consumer's right to pop
}

// push queues t. Any goroutine; lock-free; allocates nothing.
func (in *taskQueue) push(t *task) { in.q.Push(&t.node) }

// maybeNonEmpty reports whether a push may be waiting (see MPSC.Empty:
// never false while a task waits for a consumer). Any goroutine.
func (in *taskQueue) maybeNonEmpty() bool { return !in.q.Empty() }

// popBatch pops up to max tasks into out (appending) without blocking on
// another consumer. It returns out and whether a producer was caught
// mid-push (the queue is not empty then, just not linked yet).
func (in *taskQueue) popBatch(out []*task, max int) ([]*task, bool) {
	if in.q.Empty() || !in.mu.TryLock() {
		return out, false
	}
	defer in.mu.Unlock()
	return in.popLocked(out, max)
}

func (in *taskQueue) popLocked(out []*task, max int) ([]*task, bool) {
	for n := 0; n < max; n++ {
		node, res := in.q.Pop()
		switch res {
		case queue.PopEmpty:
			return out, false
		case queue.PopRetry:
			return out, true
		}
		out = append(out, node.Value.header())
	}
	return out, false
}

// popAllLocked appends every queued task to ts, retrying past producers
// caught between their swap and their link, and returns ts. Caller holds
// mu.
func (in *taskQueue) popAllLocked(ts []*task) []*task {
	for {
		var retry bool
		ts, retry = in.popLocked(ts, 1<<30)
		if !retry {
			return ts
		}
	}
}

// multiInject is a Multi's global queue: spawns from outside the workers,
// wakes of tasks whose worker is not polling, tasks displaced from a LIFO
// slot and ring overflow. It counts what goes through it, for
// Metrics.InjectDepth.
type multiInject struct {
	taskQueue
	// pushes and pops count tasks in and out. pushes is added to by every
	// producer (one more atomic add beside the swap that Push already
	// makes); pops by the one consumer that holds mu. Each on its own
	// cache line.
	_      [64]byte
	pushes atomic.Uint64
	_      [56]byte
	pops   atomic.Uint64
}

// push queues t. Any goroutine; lock-free; allocates nothing.
func (in *multiInject) push(t *task) {
	in.q.Push(&t.node)
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
func (in *multiInject) popBatch(out []*task, max int) ([]*task, bool) {
	n0 := len(out)
	out, retry := in.taskQueue.popBatch(out, max)
	if k := len(out) - n0; k > 0 {
		in.pops.Add(uint64(k))
	}
	return out, retry
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
