package stream_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
)

func TestFold(t *testing.T) {
	s := newSrc("s", 1, 2, 3, 4)
	s.gap = 1
	f := stream.Fold[int](s, "", func(acc string, v int) string { return acc + string(rune('0'+v)) })
	cx, _ := newCx()
	var out string
	for range 10 {
		if v, ok := f.Poll(cx).Get(); ok {
			out = v
			break
		}
	}
	require.Equal(t, "1234", out)
	require.Zero(t, s.drops)

	s2 := newSrc("s2", 1, 2)
	s2.gap = 5
	f2 := stream.Fold[int](s2, 0, func(a, v int) int { return a + v })
	require.False(t, f2.Poll(cx).IsReady())
	future.Drop(f2)
	require.Equal(t, 1, s2.drops)
}

func TestScan(t *testing.T) {
	s := newSrc("s", 1, 2, 3, 4, 5)
	sc := stream.Scan[int](s, 0, func(sum *int, v int) (int, bool) {
		*sum += v
		return *sum, *sum < 10
	})
	require.Equal(t, []int{1, 3, 6}, drain(t, sc, 10))
	require.Equal(t, 1, s.drops, "cut short: s dropped")
	requireEnded(t, sc)

	s2 := newSrc("s2", 1, 2)
	require.Equal(t, []string{"1", "2"}, drain(t, stream.Scan[int](s2, 0, func(_ *int, v int) (string, bool) {
		return string(rune('0' + v)), true
	}), 10))
	require.Zero(t, s2.drops, "ended by itself")
}

func TestUnfold(t *testing.T) {
	fib := stream.Unfold([2]int{0, 1}, func(s [2]int) (int, [2]int, bool) {
		return s[0], [2]int{s[1], s[0] + s[1]}, s[0] < 20
	})
	require.Equal(t, []int{0, 1, 1, 2, 3, 5, 8, 13}, drain(t, fib, 20))
	requireEnded(t, fib)
	require.PanicsWithValue(t, "stream.Unfold: nil fn", func() { stream.Unfold[int, int](0, nil) })
}

func TestChunks(t *testing.T) {
	s := newSrc("s", 1, 2, 3, 4, 5, 6, 7)
	s.gap = 1
	require.Equal(t, [][]int{{1, 2, 3}, {4, 5, 6}, {7}}, drain(t, stream.Chunks[int](s, 3), 30))
	require.Equal(t, [][]int{{1, 2}, {3, 4}}, drain(t, stream.Chunks[int](newSrc("t", 1, 2, 3, 4), 2), 10))
	require.Empty(t, drain(t, stream.Chunks[int](newSrc[int]("e"), 2), 10))
	require.PanicsWithValue(t, "stream.Chunks: n = 0, want n >= 1", func() { stream.Chunks[int](newSrc[int]("z"), 0) })
	d := newSrc("d", 1, 2, 3)
	c := stream.Chunks[int](d, 5)
	cx, _ := newCx()
	d.gap = 3
	require.False(t, c.PollNext(cx).IsReady())
	future.Drop(c)
	future.Drop(c)
	require.Equal(t, 1, d.drops)
}

func TestTakeUntil(t *testing.T) {
	s := newSrc("s", 1, 2, 3, 4, 5)
	s.forever = true
	stop := &fut[int]{pending: 3}
	got := drain(t, stream.TakeUntil[int, int](s, stop), 20)
	require.Equal(t, []int{1, 2, 3}, got)
	require.Equal(t, 1, s.drops, "stopped: s dropped")

	s2 := newSrc("s2", 1, 2)
	stop2 := &fut[int]{pending: 100}
	require.Equal(t, []int{1, 2}, drain(t, stream.TakeUntil[int, int](s2, stop2), 20))
	require.Equal(t, 1, stop2.drops, "s ended first: stop dropped")
	require.PanicsWithValue(t, "stream.TakeUntil: nil future", func() { stream.TakeUntil[int, int](s2, nil) })
}

func TestFlatMap(t *testing.T) {
	s := newSrc("s", 1, 2, 3)
	var inners []*src[int]
	fm := stream.FlatMap[int](s, func(n int) stream.Stream[int] {
		vals := make([]int, n)
		for i := range vals {
			vals[i] = n
		}
		in := newSrc("inner", vals...)
		in.gap = 1
		inners = append(inners, in)
		return in
	})
	require.Equal(t, []int{1, 2, 2, 3, 3, 3}, drain(t, fm, 40))
	requireEnded(t, fm)

	s2 := newSrc("s2", 1, 2)
	var in2 *src[int]
	fm2 := stream.FlatMap[int](s2, func(int) stream.Stream[int] { in2 = newSrc("in", 1); in2.gap = 5; return in2 })
	cx, _ := newCx()
	require.False(t, fm2.PollNext(cx).IsReady())
	future.Drop(fm2)
	require.Equal(t, 1, in2.drops)
	require.Equal(t, 1, s2.drops)
	fm3 := stream.FlatMap[int](newSrc("s3", 1), func(int) stream.Stream[int] { return nil })
	require.PanicsWithValue(t, "stream.FlatMap: fn returned nil stream", func() { fm3.PollNext(cx) })
}

func TestZip(t *testing.T) {
	a := newSrc("a", 1, 2, 3)
	a.gap = 1
	b := newSrc("b", "x", "y", "z", "w")
	b.gap = 2
	got := drain(t, stream.Zip[int, string](a, b), 40)
	require.Equal(t, []future.Tuple2[int, string]{{V1: 1, V2: "x"}, {V1: 2, V2: "y"}, {V1: 3, V2: "z"}}, got)
	require.Equal(t, 1, b.drops, "a ended: b dropped")
	require.Zero(t, a.drops)

	c := newSrc("c", 1, 2, 3)
	d := newSrc("d", 9)
	require.Len(t, drain(t, stream.Zip[int, int](c, d), 10), 1)
	require.Equal(t, 1, c.drops, "d ended: c dropped")
}

func TestNewAdaptersDropThenPollPanics(t *testing.T) {
	cx, _ := newCx()
	for name, s := range map[string]stream.Stream[int]{
		"Scan":      stream.Scan[int](newSrc("s", 1), 0, func(_ *int, v int) (int, bool) { return v, true }),
		"Unfold":    stream.Unfold(0, func(s int) (int, int, bool) { return s, s + 1, true }),
		"TakeUntil": stream.TakeUntil[int](newSrc("s", 1), future.Never[int]()),
		"FlatMap":   stream.FlatMap[int](newSrc("s", 1), func(v int) stream.Stream[int] { return newSrc("in", v) }),
	} {
		future.Drop(s)
		require.Panics(t, func() { s.PollNext(cx) }, name)
	}
}
