package workloads

import (
	"fmt"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
)

var contendedMutex = Workload{
	Name:       "contended_mutex",
	Doc:        "n tasks each lock, increment and unlock one shared mutex 100 times",
	Unit:       "ms",
	SizeDoc:    "tasks of 100 lock/unlock",
	Sizes:      Sizes{Full: 1000, Quick: 500, Tiny: 10},
	Kettle:     ContendedMutexKettle,
	Goroutines: ContendedMutexGoroutines,
}

// locksPerTask is how many lock/increment/unlock rounds each task makes.
const locksPerTask = 100

// locker locks m, increments its value and unlocks, n times. Like a
// tokio task awaiting lock() in a loop (whose future lives in the task's
// state, not on the heap), it reuses one Lock future, re-armed with
// LockFuture.Reset after each unlock: the hot loop allocates nothing.
type locker struct {
	n    int
	lf   *mutex.LockFuture[int] // nil once finished or dropped
	done *latch
}

func (t *locker) Poll(cx *future.Context) future.Poll[int] {
	for t.n > 0 {
		g, ok := t.lf.Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		*g.Value() += 1
		g.Unlock()
		t.lf.Reset()
		t.n--
	}
	t.lf = nil
	t.done.done()
	return future.Ready(0)
}

// Drop leaves the lock's queue if the task waits in it.
func (t *locker) Drop() {
	if t.lf != nil {
		t.lf.Drop()
		t.lf = nil
	}
}

// ContendedMutexKettle runs n tasks that each lock, increment and unlock a
// shared mutex.Mutex 100 times; it returns the wall time in ms.
func ContendedMutexKettle(ex executor.Executor, n int) (float64, error) {
	m := mutex.New(0)
	start := time.Now()
	err := runMain(ex, func() *latch {
		l := newLatch(n)
		for range n {
			spawnDetached(ex, future.Future[int](&locker{n: locksPerTask, lf: m.Lock(), done: l}))
		}
		return l
	})
	d := ms(start)
	if err != nil {
		return d, err
	}
	g, ok := m.TryLock()
	if !ok {
		return d, fmt.Errorf("%w: contended_mutex: still locked after the run", ErrWrongResult)
	}
	defer g.Unlock()
	if v := *g.Value(); v != n*locksPerTask {
		return d, fmt.Errorf("%w: contended_mutex: count %d, want %d", ErrWrongResult, v, n*locksPerTask)
	}
	return d, nil
}

// ContendedMutexGoroutines runs n goroutines that each lock, increment and
// unlock a shared sync.Mutex 100 times; it returns the wall time in ms.
func ContendedMutexGoroutines(n int) (float64, error) {
	var mu sync.Mutex
	count := 0
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		go func() {
			defer wg.Done()
			for range locksPerTask {
				mu.Lock()
				count++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	d := ms(start)
	if count != n*locksPerTask {
		return d, fmt.Errorf("%w: contended_mutex: count %d, want %d", ErrWrongResult, count, n*locksPerTask)
	}
	return d, nil
}
