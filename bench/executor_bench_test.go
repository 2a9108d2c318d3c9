package bench

import (
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// spawnBatch is how many tasks (or goroutines) the spawn benchmarks start
// before joining them all.
const spawnBatch = 1000

// trivialTask is ready at its first poll: the smallest task there is.
type trivialTask struct{ v int }

func (t *trivialTask) Poll(*future.Context) future.Poll[int] { return future.Ready(t.v) }

// spawnJoinMain spawns n trivial tasks in batches of cap(hs) and awaits
// every handle. The spawn benchmarks on Local and on Multi share it.
type spawnJoinMain struct {
	ex   executor.Executor
	left int
	hs   []*executor.JoinHandle[int]
	j    int
	sum  int
}

func (m *spawnJoinMain) Poll(cx *future.Context) future.Poll[int] {
	for {
		for m.j < len(m.hs) {
			r, ok := m.hs[m.j].Poll(cx).Get()
			if !ok {
				return future.Pending[int]()
			}
			m.sum += r.Value
			m.hs[m.j] = nil
			m.j++
		}
		if m.left == 0 {
			return future.Ready(m.sum)
		}
		k := min(m.left, cap(m.hs))
		m.left -= k
		m.hs, m.j = m.hs[:k], 0
		for i := range m.hs {
			m.hs[i] = executor.Spawn(m.ex, future.Future[int](&trivialTask{v: 1}))
		}
	}
}

// BenchmarkSpawnJoinLocal: spawn a trivial hand-written task on a Local
// executor and join its handle, in batches of 1000. Target: <= 100 ns and
// <= 2 allocs/op (the future and the handle, which is the task).
func BenchmarkSpawnJoinLocal(b *testing.B) {
	b.ReportAllocs()
	ex := executor.NewLocal(executor.BlockingThreshold(0))
	defer ex.Close()
	m := &spawnJoinMain{ex: ex, left: b.N, hs: make([]*executor.JoinHandle[int], 0, spawnBatch)}
	b.ResetTimer()
	sum, err := executor.Run(ex, m)
	b.StopTimer()
	if err != nil || sum != b.N {
		b.Fatalf("sum %d err %v", sum, err)
	}
}

// BenchmarkSpawnJoinGoroutine: the same work with go and a
// sync.WaitGroup, in batches of 1000.
func BenchmarkSpawnJoinGoroutine(b *testing.B) {
	b.ReportAllocs()
	results := make([]int, spawnBatch)
	var wg sync.WaitGroup
	sum := 0
	for left := b.N; left > 0; {
		k := min(left, spawnBatch)
		left -= k
		wg.Add(k)
		for i := 0; i < k; i++ {
			go func() {
				results[i] = 1
				wg.Done()
			}()
		}
		wg.Wait()
		for i := 0; i < k; i++ {
			sum += results[i]
		}
	}
	if sum != b.N {
		b.Fatalf("sum %d", sum)
	}
}

// yieldTask wakes itself and returns Pending n times, then is Ready: a
// hand-written YieldNow loop.
type yieldTask struct{ n int }

func (y *yieldTask) Poll(cx *future.Context) future.Poll[int] {
	if y.n == 0 {
		return future.Ready(0)
	}
	y.n--
	cx.Waker().Wake()
	return future.Pending[int]()
}

// BenchmarkYieldMany: 200 tasks each yield 1000 times on one Local; an op
// is the whole run. The ns/yield metric is the cost of one yield and the
// re-poll it causes.
func BenchmarkYieldMany(b *testing.B) {
	const tasks, yields = 200, 1000
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ex := executor.NewLocal(executor.BlockingThreshold(0))
		hs := make([]future.Future[future.Result[int]], tasks)
		for t := range hs {
			hs[t] = executor.Spawn(ex, future.Future[int](&yieldTask{n: yields}))
		}
		if _, err := executor.Run(ex, future.JoinAll(hs...)); err != nil {
			b.Fatal(err)
		}
		ex.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks*yields), "ns/yield")
}

// chain is a task that spawns the next link of the chain and finishes; the
// last link pages the main future.
type chain struct {
	ex    *executor.Local
	depth int
	done  *chainDone
}

type chainDone struct {
	finished bool
	w        waker.Waker
}

func (c *chain) Poll(*future.Context) future.Poll[int] {
	if c.depth == 0 {
		c.done.finished = true
		c.done.w.Wake()
		return future.Ready(0)
	}
	executor.Spawn(c.ex, future.Future[int](&chain{ex: c.ex, depth: c.depth - 1, done: c.done})).Drop()
	return future.Ready(0)
}

func (d *chainDone) Poll(cx *future.Context) future.Poll[int] {
	if d.finished {
		return future.Ready(0)
	}
	d.w = cx.Waker()
	return future.Pending[int]()
}

// BenchmarkChainedSpawn: each task spawns the next, 1000 deep; an op is the
// whole chain (tokio's chained_spawn).
func BenchmarkChainedSpawn(b *testing.B) {
	const depth = 1000
	b.ReportAllocs()
	ex := executor.NewLocal(executor.BlockingThreshold(0))
	defer ex.Close()
	for i := 0; i < b.N; i++ {
		done := &chainDone{}
		executor.Spawn(ex, future.Future[int](&chain{ex: ex, depth: depth, done: done})).Drop()
		if _, err := executor.Run(ex, future.Future[int](done)); err != nil {
			b.Fatal(err)
		}
	}
}

// pingPong wakes its peer's waker and waits to be woken, n times.
type pingPong struct {
	self, peer *waker.Waker
	n          int
}

func (p *pingPong) Poll(cx *future.Context) future.Poll[int] {
	*p.self = cx.Waker()
	if p.n == 0 {
		p.peer.Wake() // let the peer finish too
		return future.Ready(0)
	}
	p.n--
	p.peer.Wake()
	return future.Pending[int]()
}

// BenchmarkWakeRepoll: the cost of one wake and the re-poll it causes on a
// Local executor. "self": a task wakes itself during its poll (re-queued
// after the poll, as YieldNow does); "pingpong": two tasks wake each other,
// so each wake goes through the inject queue. Target: <= 40 ns/op.
func BenchmarkWakeRepoll(b *testing.B) {
	b.Run("self", func(b *testing.B) {
		b.ReportAllocs()
		ex := executor.NewLocal(executor.BlockingThreshold(0))
		defer ex.Close()
		b.ResetTimer()
		if _, err := executor.Run(ex, future.Future[int](&yieldTask{n: b.N})); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("pingpong", func(b *testing.B) {
		b.ReportAllocs()
		ex := executor.NewLocal(executor.BlockingThreshold(0))
		defer ex.Close()
		runWakePingPong(b, ex)
	})
}

// runWakePingPong runs two tasks on ex that wake each other, b.N polls in
// all, each wake through the inject queue.
func runWakePingPong(b *testing.B, ex *executor.Local) {
	var wa, wb waker.Waker
	ha := executor.Spawn(ex, future.Future[int](&pingPong{self: &wa, peer: &wb, n: b.N / 2}))
	hb := executor.Spawn(ex, future.Future[int](&pingPong{self: &wb, peer: &wa, n: b.N / 2}))
	b.ResetTimer()
	if _, err := executor.Run(ex, future.Join2[future.Result[int], future.Result[int]](ha, hb)); err != nil {
		b.Fatal(err)
	}
}
