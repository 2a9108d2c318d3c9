package executor

import (
	"sync"
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/queue"
)

// multiInject is a Multi's global queue: spawns, wakes from outside the
// workers, tasks displaced from a LIFO slot and ring overflow. Producers
// push lock-free (an intrusive Vyukov queue, through the task's node: a
// task is in at most one queue at a time, by its state word); one consumer
// at a time pops, holding mu. Workers only TryLock it: a worker that finds
// another one popping goes on with its own work instead of waiting.
type multiInject struct {
	q  queue.MPSC[taskImpl]
	mu sync.Mutex // the consumer's right to pop
	// pushes and pops count tasks in and out, for Metrics.InjectDepth.
	// pushes is added to by every producer (one more atomic add beside
	// the swap that Push already makes); pops by the one consumer that
	// holds mu. Each on its own cache line.
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

// maybeNonEmpty reports whether a push may be waiting (see MPSC.Empty:
// never false while a task waits for a consumer). Any goroutine.
func (in *multiInject) maybeNonEmpty() bool { return !in.q.Empty() }

// popBatch pops up to max tasks into out (appending) without blocking on
// another consumer. It returns out and whether a producer was caught
// mid-push (the queue is not empty then, just not linked yet).
func (in *multiInject) popBatch(out []*task, max int) ([]*task, bool) {
	if in.q.Empty() || !in.mu.TryLock() {
		return out, false
	}
	defer in.mu.Unlock()
	return in.popLocked(out, max)
}

func (in *multiInject) popLocked(out []*task, max int) ([]*task, bool) {
	n0 := len(out)
	retry := false
loop:
	for n := 0; n < max; n++ {
		node, res := in.q.Pop()
		switch res {
		case queue.PopEmpty:
			break loop
		case queue.PopRetry:
			retry = true
			break loop
		}
		out = append(out, node.Value.header())
	}
	if k := len(out) - n0; k > 0 {
		in.pops.Add(uint64(k))
	}
	return out, retry
}

// popAllLocked appends every queued task to ts, retrying past producers
// caught between their swap and their link, and returns ts. Caller holds
// q.mu.
func (q *multiInject) popAllLocked(ts []*task) []*task {
	for {
		var retry bool
		ts, retry = q.popLocked(ts, 1<<30)
		if !retry {
			return ts
		}
	}
}
