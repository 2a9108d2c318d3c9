package bench

import (
	"sync/atomic"
	"testing"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
)

// The convoy benchmarks measure a contended async mutex once every task
// waits in its line: each unlock hands the lock to the oldest waiter
// (FIFO, DESIGN), and the unlocking task, locking again, must queue behind
// the others, so every lock costs a hand-off, a wake and a poll. On a
// Multi this is where contended_mutex ends up once two workers collide;
// here it is forced from the start, so that every run measures the same
// thing. Run with, e.g.:
//
//	go test -run '^$' -bench 'Convoy' -benchtime 20x ./bench/

const convoyTasks, convoyLocks = 1000, 100

// convoyLocker locks, increments and unlocks n times with one reused Lock
// future; its first poll counts itself in queued.
type convoyLocker struct {
	n      int
	lf     *mutex.LockFuture[int]
	queued *atomic.Int64
	seen   bool
}

func (t *convoyLocker) Poll(cx *future.Context) future.Poll[int] {
	for t.n > 0 {
		g, ok := t.lf.Poll(cx).Get()
		if !t.seen {
			t.seen = true
			t.queued.Add(1)
		}
		if !ok {
			return future.Pending[int]()
		}
		*g.Value()++
		g.Unlock()
		t.lf.Reset()
		t.n--
	}
	return future.Ready(0)
}

// convoyMain holds the lock while it spawns the lockers, yields until all
// of them wait in line, then lets go and joins them.
type convoyMain struct {
	ex     executor.Executor
	m      *mutex.Mutex[int]
	g      *mutex.Guard[int]
	queued atomic.Int64
	join   future.Future[[]future.Result[int]]
}

func (c *convoyMain) Poll(cx *future.Context) future.Poll[int] {
	if c.join == nil {
		if c.g == nil {
			c.g, _ = c.m.TryLock()
			hs := make([]future.Future[future.Result[int]], convoyTasks)
			for i := range hs {
				hs[i] = executor.Spawn[int](c.ex, &convoyLocker{n: convoyLocks, lf: c.m.Lock(), queued: &c.queued})
			}
			c.join = future.JoinAll(hs...)
		}
	}
	if c.g != nil {
		if c.queued.Load() < convoyTasks {
			cx.Waker().Wake() // yield until every locker waits
			return future.Pending[int]()
		}
		c.g.Unlock()
		c.g = nil
	}
	if _, ok := c.join.Poll(cx).Get(); !ok {
		return future.Pending[int]()
	}
	return future.Ready(0)
}

func runConvoy(b *testing.B, ex executor.Executor) {
	b.ReportAllocs()
	for range b.N {
		m := mutex.New(0)
		if _, err := executor.Run(ex, future.Future[int](&convoyMain{ex: ex, m: m})); err != nil {
			b.Fatal(err)
		}
		if g, _ := m.TryLock(); *g.Value() != convoyTasks*convoyLocks {
			b.Fatal("lost increments")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*convoyTasks*convoyLocks), "ns/lock")
}

// BenchmarkMutexConvoyLocal: the convoy on a Local (one goroutine).
func BenchmarkMutexConvoyLocal(b *testing.B) {
	ex := executor.NewLocal(executor.BlockingThreshold(0))
	b.Cleanup(func() { _ = ex.Close() })
	runConvoy(b, ex)
}

// BenchmarkMutexConvoyMulti: the convoy on a Multi(2) at GOMAXPROCS=2.
func BenchmarkMutexConvoyMulti(b *testing.B) {
	withProcs(b, 2)
	runConvoy(b, newMulti(b, 2))
}
