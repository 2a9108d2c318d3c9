package stream_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/stream"
)

func TestMergeIsFair(t *testing.T) {
	a, b, c := newSrc("a", "a"), newSrc("b", "b"), newSrc("c", "c")
	a.forever, b.forever, c.forever = true, true, true
	s := stream.Merge[string](a, b, c)
	cx, _ := newCx()
	var got []string
	for range 7 {
		v, _ := next(t, cx, s, 1).Get()
		got = append(got, v)
	}
	require.Equal(t, []string{"a", "b", "c", "a", "b", "c", "a"}, got, "always-ready streams take turns")
	future.Drop(s)
	require.Equal(t, []int{1, 1, 1}, []int{a.drops, b.drops, c.drops})
}

func TestMergeSkipsPendingAndEnded(t *testing.T) {
	a := newSrc("a", 1, 2, 3)
	b := newSrc("b", 10, 20)
	b.gap = 2
	c := newSrc[int]("c")
	s := stream.Merge[int](a, b, c)
	out := drain(t, s, 50)
	require.ElementsMatch(t, []int{1, 2, 3, 10, 20}, out)
	require.Equal(t, []int{1, 2, 3}, filterIn(out, 1, 2, 3), "each stream's own order is kept")
	require.Equal(t, []int{10, 20}, filterIn(out, 10, 20))
	requireEnded(t, s)
	require.Equal(t, []int{1, 1, 1}, []int{a.ends, b.ends, c.ends})
	future.Drop(s)
	require.Equal(t, []int{0, 0, 0}, []int{a.drops, b.drops, c.drops}, "ended streams are not dropped")
}

func TestMergeDropsOnlyLiveStreams(t *testing.T) {
	a := newSrc[int]("a") // ends at once
	b := newSrc("b", 1, 2)
	b.gap, b.silent = 1, true
	s := stream.Merge[int](a, b)
	cx, _ := newCx()
	require.True(t, s.PollNext(cx).IsPending())
	future.Drop(s)
	require.Zero(t, a.drops)
	require.Equal(t, 1, b.drops)
}

func TestMergeOfNothingEnds(t *testing.T) {
	s := stream.Merge[int]()
	require.Empty(t, drain(t, s, 1))
	requireEnded(t, s)
}

func TestMergeFollowsChooser(t *testing.T) {
	a, b := newSrc("a", "a"), newSrc("b", "b")
	a.forever, b.forever = true, true
	s := stream.Merge[string](a, b)
	cx, _ := newCx()
	taskcx.Of(cx).Chooser = always(1)
	for range 3 {
		require.Equal(t, stream.Some("b"), next(t, cx, s, 1))
	}
	future.Drop(s)
}

// always is a Chooser that always picks i.
type always int

func (a always) Choose(n int) int { return int(a) % n }

// filterIn returns the elements of xs that are among keep, in order.
func filterIn(xs []int, keep ...int) []int {
	var out []int
	for _, x := range xs {
		for _, k := range keep {
			if x == k {
				out = append(out, x)
			}
		}
	}
	return out
}
