package future_test

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
	"github.com/stretchr/testify/require"
)

func TestSelect2LeftWinsLoserDropped(t *testing.T) {
	a := newProbe("a", 1, 1, nil)
	b := newProbe("b", 3, "b", nil)
	f := future.Select2[int, string](a, b)
	e, polls := drive(t, f, 10)
	require.Equal(t, 2, polls)
	v, ok := e.Left()
	require.True(t, ok)
	require.Equal(t, 1, v)
	_, ok = e.Right()
	require.False(t, ok)
	require.Zero(t, a.drops)
	require.Equal(t, 1, b.drops)
	future.Drop(f)
	require.Equal(t, 1, b.drops)
	require.PanicsWithValue(t, "*future.select2[int,string] polled after completion", func() { pollOnce(f) })
}

func TestSelect2RightWins(t *testing.T) {
	a := newProbe("a", 3, 1, nil)
	b := newProbe("b", 0, "b", nil)
	e, _ := drive(t, future.Select2[int, string](a, b), 10)
	v, ok := e.Right()
	require.True(t, ok)
	require.Equal(t, "b", v)
	require.False(t, e.IsLeft())
	require.Equal(t, 1, a.drops)
	require.Zero(t, b.drops)
}

func TestSelect2DropDropsBoth(t *testing.T) {
	a, b := newProbe("a", 3, 1, nil), newProbe("b", 3, 2, nil)
	f := future.Select2[int, int](a, b)
	pollOnce(f)
	future.Drop(f)
	future.Drop(f)
	require.Equal(t, []int{1, 1}, []int{a.drops, b.drops})
	require.Panics(t, func() { pollOnce(f) })
}

// TestSelect2Fair: a fresh select polls its first branch first, and
// repeated polls alternate which branch goes first.
func TestSelect2Fair(t *testing.T) {
	var log []string
	a := &probe[int]{name: "a", pending: 1 << 30, log: &log}
	b := &probe[int]{name: "b", pending: 1 << 30, log: &log}
	f := future.Select2[int, int](a, b)
	for range 4 {
		require.True(t, pollOnce(f).IsPending())
	}
	require.Equal(t, []string{"a", "b", "b", "a", "a", "b", "b", "a"}, log)
	future.Drop(f)
}

// TestSelect2FairUnderRepeatedReadiness: when both branches become ready
// at the same poll, the winner is the branch whose turn it is to go first,
// so over varied timings both win equally often, and the loser is dropped
// without being polled.
func TestSelect2FairUnderRepeatedReadiness(t *testing.T) {
	wins := map[bool]int{}
	for k := range 10 {
		a, b := newProbe("a", k, 1, nil), newProbe("b", k, 2, nil)
		e, polls := drive(t, future.Select2[int, int](a, b), 20)
		require.Equal(t, k+1, polls)
		require.Equal(t, k%2 == 0, e.IsLeft(), "k=%d", k)
		wins[e.IsLeft()]++
		loser := b
		if !e.IsLeft() {
			loser = a
		}
		require.Equal(t, 1, loser.drops)
		require.Equal(t, k, loser.polls, "the loser is not polled in the winning poll")
	}
	require.Equal(t, 5, wins[true])
	require.Equal(t, 5, wins[false])
}

func TestSelect2Chooser(t *testing.T) {
	var log []string
	a := newProbe("a", 0, 1, &log)
	b := newProbe("b", 0, 2, &log)
	cx := future.NewContext(waker.Noop())
	taskcx.Of(cx).Chooser = &fixedChooser{picks: []int{1}}
	e, ok := future.Select2[int, int](a, b).Poll(cx).Get()
	require.True(t, ok)
	require.False(t, e.IsLeft(), "the chooser made b go first")
	require.Equal(t, []string{"b"}, log, "a is not polled once b is ready")
	require.Equal(t, 1, a.drops)
}

func TestRace(t *testing.T) {
	fs := []*probe[int]{newProbe("0", 3, 0, nil), newProbe("1", 1, 1, nil), newProbe("2", 3, 2, nil)}
	f := future.Race[int](fs[0], fs[1], fs[2])
	v, polls := drive(t, f, 10)
	require.Equal(t, 1, v)
	require.Equal(t, 2, polls)
	require.Equal(t, []int{1, 0, 1}, []int{fs[0].drops, fs[1].drops, fs[2].drops})
	require.Panics(t, func() { pollOnce(f) })
}

func TestRaceRotatesAndDrops(t *testing.T) {
	var log []string
	mk := func(n string) *probe[int] { return &probe[int]{name: n, pending: 1 << 30, silent: true, log: &log} }
	a, b, c := mk("a"), mk("b"), mk("c")
	f := future.Race[int](a, b, c)
	for range 4 {
		pollOnce(f)
	}
	require.Equal(t, []string{"a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c"}, log)
	future.Drop(f)
	future.Drop(f)
	require.Equal(t, []int{1, 1, 1}, []int{a.drops, b.drops, c.drops})
	require.PanicsWithValue(t, "*future.race[int] polled after Drop", func() { pollOnce(f) })
}

func TestSelectAllRest(t *testing.T) {
	ps := []*probe[string]{
		newProbe("0", 5, "zero", nil),
		newProbe("1", 5, "one", nil),
		newProbe("2", 1, "two", nil),
		newProbe("3", 5, "three", nil),
	}
	in := []future.Future[string]{ps[0], ps[1], ps[2], ps[3]}
	f := future.SelectAll(in)
	sel, polls := drive(t, f, 10)
	require.Equal(t, 2, polls)
	require.Equal(t, 2, sel.Index)
	require.Equal(t, "two", sel.Value)
	require.Equal(t, []future.Future[string]{ps[0], ps[1], ps[3]}, sel.Rest)
	require.Equal(t, []future.Future[string]{ps[0], ps[1], ps[2], ps[3]}, in, "input slice untouched")
	for _, p := range ps {
		require.Zero(t, p.drops, "SelectAll drops nothing on completion")
	}
	future.Drop(f)
	for _, p := range ps {
		require.Zero(t, p.drops, "Drop after Ready is a no-op")
	}
	require.Panics(t, func() { pollOnce(f) })

	// Keep selecting over the rest: the losers were not disturbed. The
	// first select polled 0 and 3 once and 1 twice (its second poll
	// started at 1 and stopped at the winner 2), so 1 finishes first.
	require.Equal(t, []int{1, 2, 1}, []int{ps[0].polls, ps[1].polls, ps[3].polls})
	next, _ := drive(t, future.SelectAll(sel.Rest), 10)
	require.Equal(t, 1, next.Index)
	require.Equal(t, "one", next.Value)
	require.Equal(t, []future.Future[string]{ps[0], ps[3]}, next.Rest)
}

func TestSelectAllSingle(t *testing.T) {
	sel, ok := pollOnce(future.SelectAll([]future.Future[int]{future.Value(9)})).Get()
	require.True(t, ok)
	require.Equal(t, 9, sel.Value)
	require.NotNil(t, sel.Rest)
	require.Empty(t, sel.Rest)
}

func TestSelectAllDrop(t *testing.T) {
	a, b := newProbe("a", 3, 1, nil), newProbe("b", 3, 2, nil)
	f := future.SelectAll([]future.Future[int]{a, b})
	pollOnce(f)
	future.Drop(f)
	future.Drop(f)
	require.Equal(t, []int{1, 1}, []int{a.drops, b.drops})
	require.PanicsWithValue(t, "*future.selectAll[int] polled after Drop", func() { pollOnce(f) })
}

func TestSelectAllChooser(t *testing.T) {
	cx := future.NewContext(waker.Noop())
	taskcx.Of(cx).Chooser = &fixedChooser{picks: []int{2}}
	fs := []future.Future[int]{future.Value(0), future.Value(1), future.Value(2)}
	sel, ok := future.SelectAll(fs).Poll(cx).Get()
	require.True(t, ok)
	require.Equal(t, 2, sel.Index)
	require.Len(t, sel.Rest, 2)
}
