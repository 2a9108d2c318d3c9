package futuretest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
)

func TestCountingWaker(t *testing.T) {
	w := futuretest.NewCountingWaker()
	require.False(t, w.IsWoken())
	w.Waker().Wake()
	w.Waker().Wake()
	require.True(t, w.IsWoken())
	require.Equal(t, 2, w.Count())
	w.Reset()
	require.False(t, w.IsWoken())
	require.Same(t, w.Context(), w.Context())
	require.True(t, w.Context().Waker().WillWake(w.Waker()))
}

func TestPollOnce(t *testing.T) {
	p, w := futuretest.PollOnce(future.YieldNow())
	require.False(t, p.IsReady())
	require.Equal(t, 1, w.Count(), "YieldNow wakes itself")

	p2, w2 := futuretest.PollOnce(future.Never[int]())
	require.False(t, p2.IsReady())
	require.False(t, w2.IsWoken())

	v, ok := futuretest.AssertReady(t, future.Value(7)), true
	require.True(t, ok)
	require.Equal(t, 7, v)
	futuretest.AssertPending(t, future.Never[int]())
	require.PanicsWithValue(t, "futuretest.PollOnce: nil future", func() { futuretest.PollOnce[int](nil) })
}

func TestAssertFailures(t *testing.T) {
	r := &recT{}
	futuretest.AssertPending(r, future.Value(1))
	require.True(t, r.Failed())
	require.Contains(t, r.errs[0], "is ready with 1, want pending")

	r = &recT{}
	stopped := catch(func() { futuretest.AssertReady(r, future.Never[int]()) })
	require.True(t, stopped, "AssertReady of a pending future must stop the test")
	require.Contains(t, r.errs[0], "is pending, want ready")
}

func TestPendingOnce(t *testing.T) {
	w := futuretest.NewCountingWaker()
	f := futuretest.PendingOnce(future.Value(3))
	require.False(t, f.Poll(w.Context()).IsReady())
	require.Equal(t, 1, w.Count(), "the extra Pending wakes its task")
	v, ok := f.Poll(w.Context()).Get()
	require.True(t, ok)
	require.Equal(t, 3, v)
	require.PanicsWithValue(t, "*futuretest.interleave[int] polled after completion", func() { f.Poll(w.Context()) })
	future.Drop(f) // after Ready: no-op
}

func TestInterleavePending(t *testing.T) {
	w := futuretest.NewCountingWaker()
	inner := newCountdown(2)
	f := futuretest.InterleavePending[int](inner)
	polls := 0
	for {
		polls++
		if v, ok := f.Poll(w.Context()).Get(); ok {
			require.Equal(t, 2, v)
			break
		}
		require.Less(t, polls, 100)
	}
	require.Equal(t, 6, polls, "a Pending before each of the 3 polls of the inner future")
	require.Equal(t, 5, w.Count(), "every Pending was preceded by a wake")

	inner2 := newCountdown(5)
	g := futuretest.InterleavePending[int](inner2)
	g.Poll(w.Context())
	g.Poll(w.Context())
	future.Drop(g)
	future.Drop(g)
	require.True(t, inner2.dropped)
	require.Panics(t, func() { g.Poll(w.Context()) })
}
