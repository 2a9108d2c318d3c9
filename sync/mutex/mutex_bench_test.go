package mutex_test

import (
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/waker"
)

func BenchmarkTryLockUnlock(b *testing.B) {
	m := mutex.New(0)
	b.ReportAllocs()
	for b.Loop() {
		g, _ := m.TryLock()
		*g.Value()++
		g.Unlock()
	}
}

func BenchmarkLockFutureUncontended(b *testing.B) {
	m := mutex.New(0)
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	for b.Loop() {
		g, _ := m.Lock().Poll(cx).Get()
		*g.Value()++
		g.Unlock()
	}
}

func BenchmarkLockFutureResetUncontended(b *testing.B) {
	m := mutex.New(0)
	cx := future.NewContext(waker.Noop())
	f := m.Lock()
	b.ReportAllocs()
	for b.Loop() {
		g, _ := f.Poll(cx).Get()
		*g.Value()++
		g.Unlock()
		f.Reset()
	}
}

func BenchmarkSyncMutexUncontended(b *testing.B) {
	var mu sync.Mutex
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		mu.Lock()
		n++
		mu.Unlock()
	}
	_ = n
}

// lockTask locks, increments and unlocks n times: a hand-written state
// machine reusing one Lock future (Reset), the allocation-free way to write
// a hot task.
type lockTask struct {
	n  int
	lf *mutex.LockFuture[int]
}

func (t *lockTask) Poll(cx *future.Context) future.Poll[future.Unit] {
	for t.n > 0 {
		g, ok := t.lf.Poll(cx).Get()
		if !ok {
			return future.Pending[future.Unit]()
		}
		*g.Value()++
		g.Unlock()
		t.lf.Reset()
		t.n--
	}
	return future.Ready(future.Unit{})
}

const benchTasks, benchLocks = 1000, 1000

// BenchmarkLocal1000Tasks: 1000 tasks × 1000 lock/increment/unlock on one
// executor.Local (tasks yield when their cooperative budget runs out, so
// they interleave). ns/lock is the figure to compare.
func BenchmarkLocal1000Tasks(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ex := executor.NewLocal(executor.BlockingThreshold(0))
		m := mutex.New(0)
		hs := make([]future.Future[future.Result[future.Unit]], benchTasks)
		for i := range hs {
			hs[i] = executor.Spawn[future.Unit](ex, &lockTask{n: benchLocks, lf: m.Lock()})
		}
		if _, err := executor.Run(ex, future.JoinAll(hs...)); err != nil {
			b.Fatal(err)
		}
		if g, _ := m.TryLock(); *g.Value() != benchTasks*benchLocks {
			b.Fatal("lost increments")
		}
		ex.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchTasks*benchLocks), "ns/lock")
}

// BenchmarkGoroutines1000SyncMutex is the same workload with 1000
// goroutines and a sync.Mutex.
func BenchmarkGoroutines1000SyncMutex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var mu sync.Mutex
		var wg sync.WaitGroup
		n := 0
		for range benchTasks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range benchLocks {
					mu.Lock()
					n++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if n != benchTasks*benchLocks {
			b.Fatal("lost increments")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchTasks*benchLocks), "ns/lock")
}

func BenchmarkRWMutexReadUncontended(b *testing.B) {
	rw := mutex.NewRW(0)
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	for b.Loop() {
		g, _ := rw.Read().Poll(cx).Get()
		_ = *g.Value()
		g.Unlock()
	}
}
