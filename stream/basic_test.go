package stream_test

import (
	"iter"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/waker"
)

func TestItem(t *testing.T) {
	var zero stream.Item[int]
	require.True(t, zero.IsEnd())
	require.True(t, stream.End[int]().IsEnd())
	v, ok := stream.Some(7).Get()
	require.True(t, ok)
	require.Equal(t, 7, v)
	require.False(t, stream.Some(0).IsEnd(), "a zero value is still a value")
}

func TestFromSlice(t *testing.T) {
	s := stream.FromSlice([]int{1, 2, 3})
	require.Equal(t, []int{1, 2, 3}, drain(t, s, 10))
	requireEnded(t, s)
	require.Empty(t, drain(t, stream.FromSlice[int](nil), 2))
}

func TestFromSliceSpendsBudget(t *testing.T) {
	s := stream.FromSlice([]int{1, 2, 3})
	cx, w := newCx()
	taskcx.Of(cx).Budget = 2
	require.Equal(t, stream.Some(1), next(t, cx, s, 1))
	require.Equal(t, stream.Some(2), next(t, cx, s, 1))
	require.True(t, s.PollNext(cx).IsPending(), "budget spent")
	require.Equal(t, int64(1), w.n.Load(), "yielding wakes the task")
	taskcx.Of(cx).Budget = 2
	require.Equal(t, stream.Some(3), next(t, cx, s, 1))
}

func TestIter(t *testing.T) {
	s := stream.Iter(func(yield func(string) bool) {
		for i := range 3 {
			if !yield(strconv.Itoa(i)) {
				return
			}
		}
	})
	require.Equal(t, []string{"0", "1", "2"}, drain(t, s, 10))
	requireEnded(t, s)
}

func TestIterDropStopsSeq(t *testing.T) {
	stopped := 0
	s := stream.Iter(func(yield func(int) bool) {
		defer func() { stopped++ }()
		for i := 0; ; i++ {
			if !yield(i) {
				return
			}
		}
	})
	cx, _ := newCx()
	require.Equal(t, stream.Some(0), next(t, cx, s, 1))
	require.Equal(t, stream.Some(1), next(t, cx, s, 1))
	future.Drop(s)
	require.Equal(t, 1, stopped, "Drop unwinds the sequence once")
	future.Drop(s)
	require.Equal(t, 1, stopped)
	require.PanicsWithValue(t, "*stream.iterStream[int] polled after Drop", func() { s.PollNext(cx) })

	// Dropping a never-polled Iter never starts it.
	future.Drop(stream.Iter(func(func(int) bool) { panic("started") }))
}

func TestIterPanicPropagates(t *testing.T) {
	s := stream.Iter(func(yield func(int) bool) {
		yield(1)
		panic("boom")
	})
	cx, _ := newCx()
	require.Equal(t, stream.Some(1), next(t, cx, s, 1))
	require.PanicsWithValue(t, "boom", func() { s.PollNext(cx) })
}

func TestIterAbandonedIsCleanedUp(t *testing.T) {
	var stopped atomic.Bool
	func() {
		s := stream.Iter(func(yield func(int) bool) {
			defer stopped.Store(true)
			for yield(1) {
			}
		})
		cx, _ := newCx()
		next(t, cx, s, 1)
	}()
	for i := 0; i < 100 && !stopped.Load(); i++ {
		runtime.GC()
		runtime.Gosched()
	}
	require.True(t, stopped.Load(), "the cleanup stops an unreachable Iter's coroutine")
}

func TestMap(t *testing.T) {
	s := stream.Map(stream.FromSlice([]int{1, 2, 3}), func(v int) string { return strconv.Itoa(v * 10) })
	require.Equal(t, []string{"10", "20", "30"}, drain(t, s, 10))
	requireEnded(t, s)
}

func TestFilter(t *testing.T) {
	source := newSrc("src", 1, 2, 3, 4, 5, 6)
	source.gap = 1
	s := stream.Filter[int](source, func(v int) bool { return v%2 == 0 })
	require.Equal(t, []int{2, 4, 6}, drain(t, s, 100))
	requireEnded(t, s)
	require.Equal(t, 1, source.ends)
	future.Drop(s)
	require.Zero(t, source.drops, "an ended source is not dropped")
}

func TestFilterYields(t *testing.T) {
	vals := make([]int, 100)
	vals[99] = 1
	s := stream.Filter(stream.FromSlice(vals), func(v int) bool { return v == 1 })
	cx, w := newCx()
	require.True(t, s.PollNext(cx).IsPending(), "32 rejected values in a row: yield")
	require.Equal(t, int64(1), w.n.Load())
	require.Equal(t, stream.Some(1), next(t, cx, s, 10))
}

func TestTake(t *testing.T) {
	source := newSrc("src", 1, 2, 3, 4, 5)
	source.gap = 1
	s := stream.Take[int](source, 2)
	cx, _ := newCx()
	require.Equal(t, stream.Some(1), next(t, cx, s, 5))
	require.Zero(t, source.drops)
	require.Equal(t, stream.Some(2), next(t, cx, s, 5))
	require.Equal(t, 1, source.drops, "the source is dropped as soon as the last value is taken")
	polls := source.polls
	requireEnded(t, s)
	require.Equal(t, polls, source.polls, "the source is not polled after Take is done")
	future.Drop(s)
	require.Equal(t, 1, source.drops, "dropped exactly once")
}

func TestTakeEdges(t *testing.T) {
	zero := newSrc("zero", 1)
	s := stream.Take[int](zero, 0)
	require.Empty(t, drain(t, s, 2))
	require.Zero(t, zero.polls, "Take(0) never polls its source")
	require.Equal(t, 1, zero.drops)

	short := newSrc("short", 1, 2)
	s = stream.Take[int](short, 5)
	require.Equal(t, []int{1, 2}, drain(t, s, 10))
	future.Drop(s)
	require.Zero(t, short.drops, "a source that ended by itself is not dropped")

	mid := newSrc("mid", 1, 2, 3)
	s = stream.Take[int](mid, 3)
	cx, _ := newCx()
	next(t, cx, s, 1)
	future.Drop(s)
	future.Drop(s)
	require.Equal(t, 1, mid.drops)
}

func TestDropForwardsOnce(t *testing.T) {
	cases := map[string]func(s stream.Stream[int]) stream.Stream[int]{
		"Map":    func(s stream.Stream[int]) stream.Stream[int] { return stream.Map(s, func(v int) int { return v }) },
		"Filter": func(s stream.Stream[int]) stream.Stream[int] { return stream.Filter(s, func(int) bool { return true }) },
		"Take":   func(s stream.Stream[int]) stream.Stream[int] { return stream.Take(s, 10) },
		"Merge":  func(s stream.Stream[int]) stream.Stream[int] { return stream.Merge(s) },
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			source := newSrc("src", 1, 2, 3)
			s := mk(source)
			cx, _ := newCx()
			require.Equal(t, stream.Some(1), next(t, cx, s, 1))
			future.Drop(s)
			future.Drop(s)
			require.Equal(t, 1, source.drops)
			require.Panics(t, func() { s.PollNext(cx) }, "polling after Drop panics")

			// Dropped before its first poll: still forwards.
			source = newSrc("src", 1)
			future.Drop(mk(source))
			require.Equal(t, 1, source.drops)
		})
	}
}

func TestNext(t *testing.T) {
	source := newSrc("src", 1, 2)
	source.gap = 1
	f := stream.Next[int](source)
	v, polls := driveFuture(t, f, 5)
	require.Equal(t, stream.Some(1), v)
	require.Equal(t, 2, polls)
	require.PanicsWithValue(t, "*stream.NextFuture[int] polled after completion", func() { f.Poll(future.NewContext(waker.Noop())) })

	// A dropped Next leaves the stream usable, and takes nothing.
	f = stream.Next[int](source)
	require.True(t, f.Poll(future.NewContext(waker.Noop())).IsPending())
	f.Drop()
	f.Drop()
	require.Zero(t, source.drops)
	v, _ = driveFuture(t, stream.Next[int](source), 5)
	require.Equal(t, stream.Some(2), v)
	v, _ = driveFuture(t, stream.Next[int](source), 5)
	require.True(t, v.IsEnd())
}

func TestCollect(t *testing.T) {
	source := newSrc("src", "a", "b", "c")
	source.gap = 2
	out, _ := driveFuture(t, stream.Collect[string](source), 20)
	require.Equal(t, []string{"a", "b", "c"}, out)

	empty, _ := driveFuture(t, stream.Collect(stream.FromSlice[int](nil)), 2)
	require.NotNil(t, empty)
	require.Empty(t, empty)

	source = newSrc("src", "a", "b")
	source.gap = 1
	c := stream.Collect[string](source)
	require.True(t, c.Poll(future.NewContext(waker.Noop())).IsPending())
	future.Drop(c)
	future.Drop(c)
	require.Equal(t, 1, source.drops)
}

func TestNilArgumentsPanic(t *testing.T) {
	var nilStream stream.Stream[int]
	var nilFutures stream.Stream[future.Future[int]]
	require.PanicsWithValue(t, "stream.Map: nil stream", func() { stream.Map(nilStream, func(int) int { return 0 }) })
	require.PanicsWithValue(t, "stream.Map: nil fn", func() { stream.Map[int, int](stream.FromSlice([]int{}), nil) })
	require.PanicsWithValue(t, "stream.Filter: nil fn", func() { stream.Filter(stream.FromSlice([]int{}), nil) })
	require.PanicsWithValue(t, "stream.Take: nil stream", func() { stream.Take(nilStream, 1) })
	require.PanicsWithValue(t, "stream.Next: nil stream", func() { stream.Next(nilStream) })
	require.PanicsWithValue(t, "stream.Collect: nil stream", func() { stream.Collect(nilStream) })
	require.PanicsWithValue(t, "stream.Merge: nil stream", func() { stream.Merge(stream.FromSlice([]int{}), nilStream) })
	require.PanicsWithValue(t, "stream.Seq: nil stream", func() { stream.Seq(nilStream) })
	require.PanicsWithValue(t, "stream.Iter: nil seq", func() { stream.Iter[int](nil) })
	require.PanicsWithValue(t, "stream.FromReceiver: nil receiver", func() { stream.FromReceiver[int](nil) })
	require.PanicsWithValue(t, "stream.Buffered: nil stream", func() { stream.Buffered(nilFutures, 1) })
	require.PanicsWithValue(t, "stream.Buffered: n = 0, want n >= 1", func() {
		stream.Buffered(stream.FromSlice([]future.Future[int]{}), 0)
	})
	require.PanicsWithValue(t, "stream.BufferUnordered: n = -1, want n >= 1", func() {
		stream.BufferUnordered(stream.FromSlice([]future.Future[int]{}), -1)
	})
	s := stream.Buffered(stream.FromSlice([]future.Future[int]{nil}), 1)
	require.PanicsWithValue(t, "stream.Buffered: nil future from the source stream", func() {
		s.PollNext(future.NewContext(waker.Noop()))
	})
}

// driveFuture polls f until ready, requiring a wake before each re-poll.
func driveFuture[T any](t testing.TB, f future.Future[T], max int) (T, int) {
	t.Helper()
	cx, w := newCx()
	for polls := 1; polls <= max; polls++ {
		before := w.n.Load()
		if v, ok := f.Poll(cx).Get(); ok {
			return v, polls
		}
		require.Greater(t, w.n.Load(), before, "pending without a wake at poll %d", polls)
	}
	require.FailNow(t, "not ready", "after %d polls", max)
	var zero T
	return zero, 0
}

// Compile-time checks: the public futures and every stream implement the
// interfaces they document.
var (
	_ future.Future[stream.Item[int]] = (*stream.NextFuture[int])(nil)
	_ future.Dropper                  = (*stream.NextFuture[int])(nil)
	_ iter.Seq[int]                   = stream.Seq(stream.FromSlice([]int{}))
)
