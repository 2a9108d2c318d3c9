package workloads

import (
	"sync/atomic"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// latch is a countdown that one future awaits: Kettle's sync.WaitGroup for
// these workloads. done may be called from any task or goroutine; the
// last one wakes the awaiting task. Cheaper than awaiting thousands of
// JoinHandles, and the same shape as the goroutine side's WaitGroup.
type latch struct {
	left atomic.Int64 // count not yet done; 0 = open
	w    waker.Atomic // the awaiting task
}

func newLatch(n int) *latch {
	l := &latch{}
	l.left.Store(int64(n))
	return l
}

// done counts one down; the decrement that reaches 0 wakes the waiter. The
// atomic Add synchronizes with the Load in Poll that sees 0, so whatever the
// counted-down work wrote is visible to the waiter.
func (l *latch) done() {
	if l.left.Add(-1) == 0 {
		l.w.Wake()
	}
}

// Poll is Ready once the count reached 0. It registers before the second
// check, so a done racing with it is never lost (see waker.Atomic).
func (l *latch) Poll(cx *future.Context) future.Poll[future.Unit] {
	if l.left.Load() == 0 {
		return future.Ready(future.Unit{})
	}
	l.w.Register(cx.Waker())
	if l.left.Load() == 0 {
		return future.Ready(future.Unit{})
	}
	return future.Pending[future.Unit]()
}

// mainTask runs setup inside its first poll (so that spawns happen from
// inside the executor, as a real program's would), then waits for the
// latch that setup returned.
type mainTask struct {
	setup func() *latch
	l     *latch
}

func (m *mainTask) Poll(cx *future.Context) future.Poll[future.Unit] {
	if m.l == nil {
		m.l = m.setup()
	}
	return m.l.Poll(cx)
}

// runMain runs a mainTask with setup on ex.
func runMain(ex executor.Executor, setup func() *latch) error {
	_, err := executor.Run(ex, future.Future[future.Unit](&mainTask{setup: setup}))
	return err
}

// spawnDetached spawns f on ex and drops its handle: the task runs on,
// unobserved; completion is reported through a latch instead.
func spawnDetached[T any](ex executor.Executor, f future.Future[T]) {
	executor.Spawn(ex, f).Drop()
}
