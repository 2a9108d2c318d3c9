package future_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
)

func TestSelectRunsWinnerDropsLosers(t *testing.T) {
	var log []string
	a := newProbe("a", 2, 1, &log)
	b := newProbe("b", 0, "bee", &log)
	c := newProbe("c", 5, 3.5, &log)
	got := ""
	s := future.Select(
		future.On[int](a, func(int) { t.Fatal("a's fn ran") }),
		future.On[string](b, func(v string) {
			got = v
			require.Equal(t, 1, a.drops, "losers are dropped before the winner's fn runs")
		}),
		future.On[float64](c, nil),
	)
	i, polls := drive(t, s, 3)
	require.Equal(t, 1, i)
	require.Equal(t, 1, polls)
	require.Equal(t, "bee", got)
	require.Equal(t, []string{"a", "b"}, log, "a stops at the first ready case")
	require.Equal(t, 1, a.drops)
	require.Zero(t, b.drops)
	require.Equal(t, 1, c.drops)
	require.PanicsWithValue(t, "*future.selectCases polled after completion", func() { pollOnce(s) })
}

func TestSelectBorrowSurvivesLoop(t *testing.T) {
	// A deadline borrowed across loop iterations keeps its progress: it is
	// polled by every select, never dropped, and finally wins.
	deadline := newProbe("deadline", 4, future.Unit{}, nil)
	rounds, over := 0, false
	for !over {
		msg := newProbe("msg", 0, rounds, nil)
		_, _ = drive(t, future.Select(
			future.On(future.Borrow[future.Unit](deadline), func(future.Unit) { over = true }),
			future.On[int](msg, func(int) { rounds++ }),
		), 3)
		if !over {
			require.Equal(t, 0, msg.drops)
		}
	}
	require.Zero(t, deadline.drops, "a borrowed future is never dropped")
	require.Equal(t, 5, deadline.polls)
	require.GreaterOrEqual(t, rounds, 4)
}

func TestBorrowDropLeavesFuture(t *testing.T) {
	f := newProbe("f", 1, 7, nil)
	b := future.Borrow[int](f)
	require.False(t, pollOnce(b).IsReady())
	future.Drop(b)
	require.Zero(t, f.drops)
	require.PanicsWithValue(t, "*future.borrowed[int] polled after Drop", func() { pollOnce(b) })
	v, _ := drive(t, future.Borrow[int](f), 2)
	require.Equal(t, 7, v)
}

func TestSelectFairAndSeeded(t *testing.T) {
	// Two always-ready cases take turns being first.
	var wins []int
	for range 4 {
		wins = append(wins, must(pollOnce(future.Select(
			future.On(future.Value(0), nil), future.On(future.Value(1), nil)))))
	}
	require.Equal(t, []int{0, 0, 0, 0}, wins, "a fresh Select polls case 0 first")
	cx := future.NewContext(waker.Noop())
	taskcx.Of(cx).Chooser = &fixedChooser{picks: []int{1}}
	i, _ := future.Select(future.On(future.Value(0), nil), future.On(future.Value(1), nil)).Poll(cx).Get()
	require.Equal(t, 1, i, "the Chooser picks the first case")
}

func must[T any](p future.Poll[T]) T {
	v, ok := p.Get()
	if !ok {
		panic("pending")
	}
	return v
}

func TestSelectDropDropsEveryCase(t *testing.T) {
	a, b := newProbe("a", 9, 1, nil), newProbe("b", 9, 2, nil)
	s := future.Select(future.On[int](a, nil), future.On(future.Borrow[int](b), nil))
	require.False(t, pollOnce(s).IsReady())
	future.Drop(s)
	future.Drop(s)
	require.Equal(t, 1, a.drops)
	require.Zero(t, b.drops, "borrowed")
	require.PanicsWithValue(t, "*future.selectCases polled after Drop", func() { pollOnce(s) })
}

func TestSelectBadInput(t *testing.T) {
	require.PanicsWithValue(t, "future.Select: no cases", func() { future.Select() })
	require.PanicsWithValue(t, "future.Select: zero Case", func() { future.Select(future.Case{}) })
	require.PanicsWithValue(t, "future.On: nil future", func() { future.On[int](nil, func(int) {}) })
	require.PanicsWithValue(t, "future.Borrow: nil future", func() { future.Borrow[int](nil) })
}

func TestSelectAllocatesNothingPerPoll(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	s := future.Select(future.On(future.Never[int](), nil), future.On(future.Never[string](), nil))
	cx := future.NewContext(waker.Noop())
	require.Zero(t, testing.AllocsPerRun(1000, func() { s.Poll(cx) }))
}
