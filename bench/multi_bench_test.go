package bench

import (
	"runtime"
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/bench/workloads"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/oneshot"
)

// Multi benchmarks: Multi(2) against go + sync.WaitGroup at GOMAXPROCS=2.
// Run with, e.g.:
//
//	go test -run '^$' -bench 'Multi' -benchtime 200ms ./bench/
//	go test -run '^$' -bench 'MultiSkynet' -benchtime 1x ./bench/

// withProcs runs b at GOMAXPROCS=n.
func withProcs(b *testing.B, n int) {
	old := runtime.GOMAXPROCS(n)
	b.Cleanup(func() { runtime.GOMAXPROCS(old) })
}

func newMulti(b *testing.B, workers int) *executor.Multi {
	m := executor.NewMulti(executor.Workers(workers), executor.BlockingThreshold(0))
	b.Cleanup(func() { _ = m.Close() })
	return m
}

// BenchmarkMultiSpawnMany: spawn+join of a trivial task from inside a task
// on Multi(2), in batches of 10k (tokio's spawn_many_local). Target <= 150 ns.
func BenchmarkMultiSpawnMany(b *testing.B) {
	withProcs(b, 2)
	b.ReportAllocs()
	ex := newMulti(b, 2)
	m := &spawnJoinMain{ex: ex, left: b.N, hs: make([]*executor.JoinHandle[int], 0, 10_000)}
	b.ResetTimer()
	sum, err := executor.Run(ex, m)
	b.StopTimer()
	if err != nil || sum != b.N {
		b.Fatalf("sum %d err %v", sum, err)
	}
}

// BenchmarkMultiSpawnOutside: spawns from the benchmark goroutine (outside
// the workers), then joins all handles with one Run per batch.
func BenchmarkMultiSpawnOutside(b *testing.B) {
	withProcs(b, 2)
	b.ReportAllocs()
	ex := newMulti(b, 2)
	hs := make([]future.Future[future.Result[int]], 0, spawnBatch)
	for left := b.N; left > 0; {
		k := min(left, spawnBatch)
		left -= k
		hs = hs[:0]
		for range k {
			hs = append(hs, executor.Spawn(ex, future.Future[int](&trivialTask{v: 1})))
		}
		if _, err := executor.Run(ex, future.JoinAll(hs...)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMultiGoroutineBaseline: go + WaitGroup at GOMAXPROCS=2, batches
// of 10k (compare with SpawnMany).
func BenchmarkMultiGoroutineBaseline(b *testing.B) {
	withProcs(b, 2)
	b.ReportAllocs()
	var wg sync.WaitGroup
	results := make([]int, 10_000)
	for left := b.N; left > 0; {
		k := min(left, 10_000)
		left -= k
		wg.Add(k)
		for i := range k {
			go func() { results[i] = 1; wg.Done() }()
		}
		wg.Wait()
	}
}

// yieldMany runs 200 tasks × 1000 yields on ex; returns after all finish.
func yieldMany(b *testing.B, ex executor.Executor) {
	const tasks, yields = 200, 1000
	hs := make([]future.Future[future.Result[int]], tasks)
	for t := range hs {
		hs[t] = executor.Spawn(ex, future.Future[int](&yieldTask{n: yields}))
	}
	if _, err := executor.Run(ex, future.JoinAll(hs...)); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkMultiYieldMany: scaling of yield_many (200 tasks × 1000
// yields, an op is the whole run): Local vs Multi(1) vs Multi(2).
// Target: Multi(2) >= 1.6× Local on a quiet 2-core machine.
func BenchmarkMultiYieldMany(b *testing.B) {
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*200*1000), "ns/yield")
	}
	b.Run("Local", func(b *testing.B) {
		withProcs(b, 2)
		ex := executor.NewLocal(executor.BlockingThreshold(0))
		defer ex.Close()
		for range b.N {
			yieldMany(b, ex)
		}
		report(b)
	})
	for _, w := range []int{1, 2} {
		b.Run("Multi"+string(rune('0'+w)), func(b *testing.B) {
			withProcs(b, 2)
			ex := newMulti(b, w)
			for range b.N {
				yieldMany(b, ex)
			}
			report(b)
		})
	}
}

// ppTask is one side of a ping-pong pair over oneshot channels: each round
// it makes a fresh inbox (published through *mine for the peer's next
// send), sends to the peer's inbox and awaits its own. Hand-written, to
// measure the executor rather than async-block switches.
type ppTask struct {
	n    int
	recv *oneshot.Receiver[int]
	fut  future.Future[future.Result[int]]
	peer **oneshot.Sender[int]
	mine **oneshot.Sender[int]
	send bool
	last bool // the side that answers: done right after its last send
}

func (p *ppTask) Poll(cx *future.Context) future.Poll[int] {
	for {
		if p.send {
			if p.n == 0 {
				return future.Ready(0)
			}
			// Make my next inbox, then send to the peer's current one.
			s, r := oneshot.New[int]()
			p.recv, p.fut = r, r.Recv()
			peer := *p.peer
			*p.mine = s
			_ = peer.Send(p.n)
			p.n--
			p.send = false
			if p.n == 0 && p.last {
				return future.Ready(0)
			}
		}
		if _, ok := p.fut.Poll(cx).Get(); !ok {
			return future.Pending[int]()
		}
		p.send = true
	}
}

// BenchmarkMultiPingPong: pairs of tasks exchange a value over oneshot
// channels on Multi(2); an op is one message and the wake of its
// receiver. Target <= 180 ns/op.
func BenchmarkMultiPingPong(b *testing.B) {
	withProcs(b, 2)
	b.ReportAllocs()
	ex := newMulti(b, 2)
	const pairs = 4
	per := b.N/(2*pairs) + 1
	var hs []future.Future[future.Result[int]]
	for range pairs {
		sa, ra := oneshot.New[int]()
		sb, rb := oneshot.New[int]()
		a := &ppTask{n: per, recv: ra, fut: ra.Recv(), mine: &sa, peer: &sb}
		c := &ppTask{n: per, recv: rb, fut: rb.Recv(), mine: &sb, peer: &sa, last: true}
		a.send = true // a starts; c first waits
		hs = append(hs, executor.Spawn(ex, future.Future[int](a)), executor.Spawn(ex, future.Future[int](c)))
	}
	b.ResetTimer()
	if _, err := executor.Run(ex, future.JoinAll(hs...)); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkMultiChainedSpawn: each task spawns the next, 1000 deep, on
// Multi(2); an op is the whole chain (versus's chained_spawn with one
// chain).
func BenchmarkMultiChainedSpawn(b *testing.B) {
	withProcs(b, 2)
	b.ReportAllocs()
	ex := newMulti(b, 2)
	for range b.N {
		if _, err := workloads.ChainedSpawnKettle(ex, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMultiSkynet: 1M leaf tasks in a 10-ary tree (1.11M tasks) on
// Multi(2). Target <= 120 ms/op. Use -benchtime 1x.
func BenchmarkMultiSkynet(b *testing.B) {
	withProcs(b, 2)
	ex := newMulti(b, 2)
	for range b.N {
		// SkynetKettle checks the sum, 499999500000.
		if _, err := workloads.SkynetKettle(ex, 1_000_000); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMultiSkynetGoroutine: the same tree with goroutines and
// channels.
func BenchmarkMultiSkynetGoroutine(b *testing.B) {
	withProcs(b, 2)
	for range b.N {
		if _, err := workloads.SkynetGoroutines(1_000_000); err != nil {
			b.Fatal(err)
		}
	}
}
