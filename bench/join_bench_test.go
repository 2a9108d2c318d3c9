package bench

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// randomSleeps returns n durations up to an hour, the same for every run.
func randomSleeps(n int) []time.Duration {
	r := rand.New(rand.NewPCG(1, 2))
	ds := make([]time.Duration, n)
	for i := range ds {
		ds[i] = time.Duration(r.Int64N(int64(time.Hour)))
	}
	return ds
}

// BenchmarkJoinAllAsyncSleepers: JoinAll of 10,000 async blocks, each
// sleeping a random virtual time up to an hour, run to completion on a
// Local executor under a virtual clock. One op = the whole run. Target:
// < 1 s. Before the ready queue (every child polled at every wake) it took
// minutes.
func BenchmarkJoinAllAsyncSleepers(b *testing.B) {
	ds := randomSleeps(10_000)
	for b.Loop() {
		fs := make([]future.Future[int], len(ds))
		for i, d := range ds {
			fs[i] = future.Async(func(co *future.Co) int {
				future.Await(co, timer.Sleep(d))
				return i
			})
		}
		ex := executor.NewLocal(executor.BlockingThreshold(0), executor.Clock(timer.NewVirtualClock(epoch)))
		out, err := executor.Run(ex, future.JoinAll(fs...))
		if err != nil || len(out) != len(ds) {
			b.Fatal(err, len(out))
		}
		_ = ex.Close()
	}
}

// BenchmarkJoinAllSleeps: JoinAll of 100,000 hand-written sleeps (random
// virtual times up to an hour) under a virtual clock. One op = the whole
// run. Target: < 1 s.
func BenchmarkJoinAllSleeps(b *testing.B) {
	ds := randomSleeps(100_000)
	for b.Loop() {
		fs := make([]future.Future[future.Unit], len(ds))
		for i, d := range ds {
			fs[i] = timer.Sleep(d)
		}
		ex := executor.NewLocal(executor.BlockingThreshold(0), executor.Clock(timer.NewVirtualClock(epoch)))
		out, err := executor.Run(ex, future.JoinAll(fs...))
		if err != nil || len(out) != len(ds) {
			b.Fatal(err, len(out))
		}
		_ = ex.Close()
	}
}

// wakeGate is pending until woken by hand: it keeps its last waker.
type wakeGate struct{ w waker.Waker }

func (g *wakeGate) Poll(cx *future.Context) future.Poll[int] {
	g.w = cx.Waker()
	return future.Pending[int]()
}

// BenchmarkUnorderedOneWake: a stream.Unordered of 10,000 pending
// children; one op = wake one child and poll the set once (it polls that
// one child). Target: <= 100 ns per woken child, 0 allocs.
func BenchmarkUnorderedOneWake(b *testing.B) {
	u := stream.NewUnordered[int]()
	gs := make([]*wakeGate, 10_000)
	for i := range gs {
		gs[i] = &wakeGate{}
		u.Push(gs[i])
	}
	cx := future.NewContext(waker.Noop())
	u.PollNext(cx)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		gs[i].w.Wake()
		u.PollNext(cx)
		if i++; i == len(gs) {
			i = 0
		}
	}
	u.Drop()
}

// BenchmarkJoinAll3Ready: build and poll JoinAll of three ready futures
// (the small-n path, a plain loop). Target: no slower than before the
// ready queue.
func BenchmarkJoinAll3Ready(b *testing.B) {
	cx := future.NewContext(waker.Noop())
	a, c, d := &readyInt{1}, &readyInt{2}, &readyInt{3}
	b.ReportAllocs()
	s := 0
	for b.Loop() {
		out, _ := future.JoinAll[int](a, c, d).Poll(cx).Get()
		s += out[2]
	}
	sinkInt = s
}

// BenchmarkUnorderedWakeBatch: a stream.Unordered of 10,000 pending
// children; one op = wake 64 of them and poll the set once (it polls
// exactly those 64). Reported per woken child: ns/op / 64 is the
// "ns/child" metric. Target: <= 100 ns per woken child, 0 allocs.
func BenchmarkUnorderedWakeBatch(b *testing.B) {
	const batch = 64
	u := stream.NewUnordered[int]()
	gs := make([]*wakeGate, 10_000)
	for i := range gs {
		gs[i] = &wakeGate{}
		u.Push(gs[i])
	}
	cx := future.NewContext(waker.Noop())
	u.PollNext(cx)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		for range batch {
			gs[i].w.Wake()
			if i += 157; i >= len(gs) {
				i -= len(gs)
			}
		}
		u.PollNext(cx)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/child")
	u.Drop()
}
