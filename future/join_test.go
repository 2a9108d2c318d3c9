package future_test

import (
	"errors"
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
	"github.com/stretchr/testify/require"
)

func TestJoin2(t *testing.T) {
	var log []string
	a := newProbe("a", 2, 1, &log)
	b := newProbe("b", 0, "two", &log)
	f := future.Join2[int, string](a, b)
	out, polls := drive(t, f, 10)
	require.Equal(t, future.Tuple2[int, string]{V1: 1, V2: "two"}, out)
	require.Equal(t, 3, polls)
	// b finished at the first poll and is never polled again.
	require.Equal(t, []string{"a", "b", "a", "a"}, log)
	require.Equal(t, 1, b.polls)
	require.PanicsWithValue(t, "*future.join2[int,string] polled after completion", func() { pollOnce(f) })
	future.Drop(f)
	require.Zero(t, a.drops+b.drops)
}

func TestJoin2DropForwardsToUnfinished(t *testing.T) {
	a := newProbe("a", 5, 1, nil)
	b := newProbe("b", 0, 2, nil)
	f := future.Join2[int, int](a, b)
	require.True(t, pollOnce(f).IsPending())
	future.Drop(f)
	future.Drop(f)
	require.Equal(t, 1, a.drops)
	require.Zero(t, b.drops, "finished branch is not dropped")
	require.Panics(t, func() { pollOnce(f) })

	// Never polled: both dropped.
	a, b = newProbe("a", 5, 1, nil), newProbe("b", 5, 2, nil)
	future.Drop(future.Join2[int, int](a, b))
	require.Equal(t, []int{1, 1}, []int{a.drops, b.drops})
}

func TestJoin3(t *testing.T) {
	var log []string
	a := newProbe("a", 1, 1, &log)
	b := newProbe("b", 2, "b", &log)
	c := newProbe("c", 0, 3.5, &log)
	out, polls := drive(t, future.Join3[int, string, float64](a, b, c), 10)
	require.Equal(t, future.Tuple3[int, string, float64]{V1: 1, V2: "b", V3: 3.5}, out)
	require.Equal(t, 3, polls)
	require.Equal(t, []string{"a", "b", "c", "a", "b", "b"}, log)

	a2, b2, c2 := newProbe("a", 3, 1, nil), newProbe("b", 0, 2, nil), newProbe("c", 3, 3, nil)
	f := future.Join3[int, int, int](a2, b2, c2)
	pollOnce(f)
	future.Drop(f)
	require.Equal(t, []int{1, 0, 1}, []int{a2.drops, b2.drops, c2.drops})
}

func TestJoinChooserForcesOrder(t *testing.T) {
	var log []string
	a := newProbe("a", 1, 1, &log)
	b := newProbe("b", 1, 2, &log)
	c := newProbe("c", 1, 3, &log)
	cx := future.NewContext(waker.Noop())
	taskcx.Of(cx).Chooser = &fixedChooser{picks: []int{2, 1}}
	f := future.Join3[int, int, int](a, b, c)
	require.True(t, f.Poll(cx).IsPending())
	require.True(t, f.Poll(cx).IsReady())
	require.Equal(t, []string{"c", "a", "b", "b", "c", "a"}, log)

	log = nil
	fs := []future.Future[int]{newProbe("0", 0, 0, &log), newProbe("1", 0, 1, &log), newProbe("2", 0, 2, &log)}
	taskcx.Of(cx).Chooser = &fixedChooser{picks: []int{1}}
	out, ok := future.JoinAll(fs...).Poll(cx).Get()
	require.True(t, ok)
	require.Equal(t, []int{0, 1, 2}, out, "results stay in input order")
	require.Equal(t, []string{"1", "2", "0"}, log)
}

func TestJoinAll(t *testing.T) {
	var log []string
	fs := []future.Future[int]{
		newProbe("0", 2, 10, &log),
		newProbe("1", 0, 11, &log),
		newProbe("2", 1, 12, &log),
	}
	f := future.JoinAll(fs...)
	fs[0] = nil // JoinAll copied the slice
	out, polls := drive(t, f, 10)
	require.Equal(t, []int{10, 11, 12}, out)
	require.Equal(t, 3, polls)
	require.Equal(t, []string{"0", "1", "2", "0", "2", "0"}, log)
	require.Panics(t, func() { pollOnce(f) })
}

func TestJoinAllEmpty(t *testing.T) {
	out, ok := pollOnce(future.JoinAll[int]()).Get()
	require.True(t, ok)
	require.NotNil(t, out)
	require.Empty(t, out)

	r, ok := pollOnce(future.TryJoinAll[int]()).Get()
	require.True(t, ok)
	require.NoError(t, r.Err)
	require.NotNil(t, r.Value)
	require.Empty(t, r.Value)
}

func TestJoinAllDrop(t *testing.T) {
	a, b, c := newProbe("a", 3, 1, nil), newProbe("b", 0, 2, nil), newProbe("c", 3, 3, nil)
	f := future.JoinAll[int](a, b, c)
	pollOnce(f)
	future.Drop(f)
	future.Drop(f)
	require.Equal(t, []int{1, 0, 1}, []int{a.drops, b.drops, c.drops})
	require.PanicsWithValue(t, "*future.joinAll[int] polled after Drop", func() { pollOnce(f) })
}

func TestTryJoinAllOK(t *testing.T) {
	f := future.TryJoinAll[int](
		newProbe("a", 1, future.Ok(1), nil),
		newProbe("b", 0, future.Ok(2), nil),
	)
	r, _ := drive(t, f, 5)
	v, err := r.Get()
	require.NoError(t, err)
	require.Equal(t, []int{1, 2}, v)
}

func TestTryJoinAllErrorDropsRest(t *testing.T) {
	boom := errors.New("boom")
	var log []string
	a := newProbe("a", 0, future.Ok(1), &log)                       // finished before the error
	b := newProbe("b", 1, future.Err[int](boom), &log)              // fails at its second poll
	c := newProbe("c", 5, future.Ok(3), &log)                       // still pending: dropped
	d := newProbe("d", 1, future.Err[int](errors.New("late")), nil) // would fail too, after b in poll order
	f := future.TryJoinAll[int](a, b, c, d)
	r, polls := drive(t, f, 5)
	require.Equal(t, 2, polls)
	require.ErrorIs(t, r.Err, boom)
	require.Nil(t, r.Value)
	require.Zero(t, a.drops, "finished future is not dropped")
	require.Zero(t, b.drops, "the failed future finished")
	require.Equal(t, 1, c.drops)
	require.Equal(t, 1, d.drops)
	require.Equal(t, 1, d.polls, "no future is polled after the first error")
	future.Drop(f)
	require.Equal(t, 1, c.drops, "Drop after Ready is a no-op")
	require.Panics(t, func() { pollOnce(f) })
}
