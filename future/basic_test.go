package future_test

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
	"github.com/stretchr/testify/require"
)

func TestValue(t *testing.T) {
	f := future.Value(42)
	v, ok := pollOnce(f).Get()
	require.True(t, ok)
	require.Equal(t, 42, v)
	require.PanicsWithValue(t, "*future.valueFuture[int] polled after completion", func() { pollOnce(f) })
	future.Drop(f) // finished: no-op
}

func TestValueDropThenPoll(t *testing.T) {
	f := future.Value("x")
	future.Drop(f)
	future.Drop(f)
	require.PanicsWithValue(t, "*future.valueFuture[string] polled after Drop", func() { pollOnce(f) })
}

func TestNever(t *testing.T) {
	f := future.Never[int]()
	var wc wakeCounter
	cx := future.NewContext(waker.New(&wc))
	for range 3 {
		require.True(t, f.Poll(cx).IsPending())
	}
	require.Zero(t, wc.n.Load())
	future.Drop(f)
	future.Drop(f)
	require.Panics(t, func() { pollOnce(f) })
}

func TestLazyRunsAtFirstPoll(t *testing.T) {
	calls := 0
	f := future.Lazy(func() int { calls++; return 7 })
	require.Zero(t, calls, "Lazy must not run before the first poll")
	v, _ := drive(t, f, 1)
	require.Equal(t, 7, v)
	require.Equal(t, 1, calls)
	require.Panics(t, func() { pollOnce(f) })

	g := future.Lazy(func() int { calls++; return 0 })
	future.Drop(g)
	require.Panics(t, func() { pollOnce(g) })
	require.Equal(t, 1, calls, "a dropped Lazy never runs fn")
}

func TestPollFn(t *testing.T) {
	n := 0
	f := future.PollFn(func(cx *future.Context) future.Poll[int] {
		n++
		if n < 3 {
			cx.Waker().Wake()
			return future.Pending[int]()
		}
		return future.Ready(n * 10)
	})
	v, polls := drive(t, f, 10)
	require.Equal(t, 30, v)
	require.Equal(t, 3, polls)
	require.Panics(t, func() { pollOnce(f) })
}

func TestYieldNow(t *testing.T) {
	f := future.YieldNow()
	_, polls := drive(t, f, 5) // drive fails if the first Pending did not wake
	require.Equal(t, 2, polls)
	require.Panics(t, func() { pollOnce(f) })

	g := future.YieldNow()
	require.True(t, pollOnce(g).IsPending())
	future.Drop(g)
	require.PanicsWithValue(t, "*future.yieldNow polled after Drop", func() { pollOnce(g) })
}

func TestMap(t *testing.T) {
	in := newProbe("in", 2, 5, nil)
	f := future.Map[int](in, func(v int) string { return string(rune('a' + v)) })
	v, polls := drive(t, f, 10)
	require.Equal(t, "f", v)
	require.Equal(t, 3, polls)
	future.Drop(f)
	require.Zero(t, in.drops, "finished child is not dropped")
	require.Panics(t, func() { pollOnce(f) })
}

func TestMapDropForwards(t *testing.T) {
	in := newProbe("in", 5, 1, nil)
	f := future.Map[int](in, func(v int) int { return v })
	require.True(t, pollOnce(f).IsPending())
	future.Drop(f)
	future.Drop(f)
	require.Equal(t, 1, in.drops)
	require.PanicsWithValue(t, "*future.mapFuture[int,int] polled after Drop", func() { pollOnce(f) })
}

func TestThen(t *testing.T) {
	var log []string
	first := newProbe("first", 1, 2, &log)
	var second *probe[int]
	f := future.Then[int, int](first, func(v int) future.Future[int] {
		second = newProbe("second", 1, v*100, &log)
		return second
	})
	v, polls := drive(t, f, 10)
	require.Equal(t, 200, v)
	require.Equal(t, 3, polls)
	require.Equal(t, []string{"first", "first", "second", "second"}, log)
	require.Panics(t, func() { pollOnce(f) })
}

func TestThenDropDropsCurrentStage(t *testing.T) {
	first := newProbe("first", 3, 2, nil)
	f := future.Then[int, int](first, func(int) future.Future[int] { return future.Never[int]() })
	pollOnce(f)
	future.Drop(f)
	require.Equal(t, 1, first.drops)

	first = newProbe("first", 0, 2, nil)
	second := newProbe("second", 3, 0, nil)
	f = future.Then[int, int](first, func(int) future.Future[int] { return second })
	require.True(t, pollOnce(f).IsPending())
	future.Drop(f)
	future.Drop(f)
	require.Zero(t, first.drops)
	require.Equal(t, 1, second.drops)
}

func TestThenNilStage(t *testing.T) {
	f := future.Then(future.Value(1), func(int) future.Future[int] { return nil })
	require.PanicsWithValue(t, "future.Then: fn returned nil future", func() { pollOnce(f) })
}

func TestNilArguments(t *testing.T) {
	var nf future.Future[int]
	ok := future.Value(1)
	cases := map[string]func(){
		"future.Lazy: nil fn":           func() { future.Lazy[int](nil) },
		"future.PollFn: nil fn":         func() { future.PollFn[int](nil) },
		"future.Map: nil future":        func() { future.Map(nf, func(int) int { return 0 }) },
		"future.Map: nil fn":            func() { future.Map[int, int](ok, nil) },
		"future.Then: nil future":       func() { future.Then(nf, func(int) future.Future[int] { return nil }) },
		"future.Then: nil fn":           func() { future.Then[int, int](ok, nil) },
		"future.Join2: nil future":      func() { future.Join2(ok, nf) },
		"future.Join3: nil future":      func() { future.Join3(ok, ok, nf) },
		"future.JoinAll: nil future":    func() { future.JoinAll(ok, nf) },
		"future.TryJoinAll: nil future": func() { future.TryJoinAll[int](nil) },
		"future.Select2: nil future":    func() { future.Select2(nf, ok) },
		"future.Race: nil future":       func() { future.Race(ok, nf) },
		"future.Race: no futures":       func() { future.Race[int]() },
		"future.SelectAll: nil future":  func() { future.SelectAll([]future.Future[int]{nf}) },
		"future.SelectAll: no futures":  func() { future.SelectAll[int](nil) },
		"future.Async: nil body":        func() { future.Async[int](nil) },
		"future.Await: nil Co":          func() { future.Await(nil, ok) },
	}
	for want, call := range cases {
		require.PanicsWithValue(t, want, call, want)
	}
}

func TestDropHelper(t *testing.T) {
	future.Drop(nil)
	future.Drop(42) // not a Dropper: no-op
	p := newProbe("p", 0, 0, nil)
	future.Drop(p)
	require.Equal(t, 1, p.drops)
}
