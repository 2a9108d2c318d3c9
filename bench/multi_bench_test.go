package bench

import (
	"runtime"
	"sync"
	"testing"

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

// multiSpawnMain spawns n trivial tasks in batches from inside a task and
// joins them all.
type multiSpawnMain struct {
	ex   executor.Executor
	left int
	hs   []*executor.JoinHandle[int]
	j    int
	sum  int
}

func (m *multiSpawnMain) Poll(cx *future.Context) future.Poll[int] {
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
		k := min(m.left, 10_000)
		m.left -= k
		m.hs, m.j = m.hs[:k], 0
		for i := range m.hs {
			m.hs[i] = executor.Spawn(m.ex, future.Future[int](&trivialTask{v: 1}))
		}
	}
}

// BenchmarkMultiSpawnMany: spawn+join of a trivial task from inside a task
// on Multi(2), in batches of 10k (tokio's spawn_many_local). Target <= 150 ns.
func BenchmarkMultiSpawnMany(b *testing.B) {
	withProcs(b, 2)
	b.ReportAllocs()
	ex := newMulti(b, 2)
	m := &multiSpawnMain{ex: ex, left: b.N, hs: make([]*executor.JoinHandle[int], 0, 10_000)}
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

// multiChain spawns the next link and finishes; the last link pages main.
type multiChain struct {
	ex    executor.Executor
	depth int
	done  *oneshot.Sender[int]
}

func (c *multiChain) Poll(*future.Context) future.Poll[int] {
	if c.depth == 0 {
		_ = c.done.Send(0)
		return future.Ready(0)
	}
	executor.Spawn(c.ex, future.Future[int](&multiChain{ex: c.ex, depth: c.depth - 1, done: c.done})).Drop()
	return future.Ready(0)
}

// BenchmarkMultiChainedSpawn: each task spawns the next, 1000 deep, on
// Multi(2); an op is the whole chain.
func BenchmarkMultiChainedSpawn(b *testing.B) {
	withProcs(b, 2)
	b.ReportAllocs()
	ex := newMulti(b, 2)
	for range b.N {
		s, r := oneshot.New[int]()
		executor.Spawn(ex, future.Future[int](&multiChain{ex: ex, depth: 1000, done: s})).Drop()
		if _, err := executor.Run(ex, r.Recv()); err != nil {
			b.Fatal(err)
		}
	}
}

// skynet is one node of the skynet tree: a leaf returns its number, an
// inner node spawns 10 children and sums them.
type skynet struct {
	ex         executor.Executor
	num, size  int
	hs         []*executor.JoinHandle[int]
	j, sum     int
	childStart bool
}

func (s *skynet) Poll(cx *future.Context) future.Poll[int] {
	if s.size == 1 {
		return future.Ready(s.num)
	}
	if !s.childStart {
		s.childStart = true
		s.hs = make([]*executor.JoinHandle[int], 10)
		sub := s.size / 10
		for i := range s.hs {
			s.hs[i] = executor.Spawn(s.ex, future.Future[int](&skynet{ex: s.ex, num: s.num + i*sub, size: sub}))
		}
	}
	for ; s.j < len(s.hs); s.j++ {
		r, ok := s.hs[s.j].Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		s.sum += r.Value
	}
	return future.Ready(s.sum)
}

// BenchmarkMultiSkynet: 1M leaf tasks in a 10-ary tree (1.11M tasks) on
// Multi(2). Target <= 120 ms/op. Use -benchtime 1x.
func BenchmarkMultiSkynet(b *testing.B) {
	withProcs(b, 2)
	ex := newMulti(b, 2)
	for range b.N {
		v, err := executor.Run(ex, future.Future[int](&skynet{ex: ex, size: 1_000_000}))
		if err != nil || v != 499999500000 {
			b.Fatalf("skynet %d %v", v, err)
		}
	}
}

// BenchmarkMultiSkynetGoroutine: the same tree with goroutines and
// channels.
func BenchmarkMultiSkynetGoroutine(b *testing.B) {
	withProcs(b, 2)
	var node func(num, size int, out chan<- int)
	node = func(num, size int, out chan<- int) {
		if size == 1 {
			out <- num
			return
		}
		c := make(chan int, 10)
		sub := size / 10
		for i := range 10 {
			go node(num+i*sub, sub, c)
		}
		sum := 0
		for range 10 {
			sum += <-c
		}
		out <- sum
	}
	for range b.N {
		c := make(chan int, 1)
		node(0, 1_000_000, c)
		if v := <-c; v != 499999500000 {
			b.Fatal(v)
		}
	}
}
