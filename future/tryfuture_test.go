package future_test

import (
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
)

var errBoom = errors.New("boom")

func TestMapOkMapErr(t *testing.T) {
	ok := future.MapOk(future.Value(future.Ok(2)), strconv.Itoa)
	r, _ := drive(t, ok, 1)
	require.Equal(t, future.Ok("2"), r)

	called := false
	bad := future.MapOk(future.Value(future.Err[int](errBoom)), func(int) string { called = true; return "" })
	r, _ = drive(t, bad, 1)
	require.ErrorIs(t, r.Err, errBoom)
	require.False(t, called)

	wrapped := future.MapErr(future.Value(future.Err[int](errBoom)), func(err error) error { return fmt.Errorf("wrapped: %w", err) })
	r2, _ := drive(t, wrapped, 1)
	require.ErrorIs(t, r2.Err, errBoom)
	require.EqualError(t, r2.Err, "wrapped: boom")

	untouched := future.MapErr(future.Value(future.Ok(5)), func(error) error { t.Fatal("fn ran"); return nil })
	r2, _ = drive(t, untouched, 1)
	require.Equal(t, future.Ok(5), r2)
}

func TestFlatten(t *testing.T) {
	r, _ := drive(t, future.Flatten(future.Value(future.Ok(future.Ok(3)))), 1)
	require.Equal(t, future.Ok(3), r)
	r, _ = drive(t, future.Flatten(future.Value(future.Ok(future.Err[int](errBoom)))), 1)
	require.ErrorIs(t, r.Err, errBoom)
	outer := errors.New("outer")
	r, _ = drive(t, future.Flatten(future.Value(future.Err[future.Result[int]](outer))), 1)
	require.ErrorIs(t, r.Err, outer)
}

func TestAndThen(t *testing.T) {
	first := newProbe("first", 1, future.Ok(20), nil)
	second := newProbe("second", 2, future.Ok("22"), nil)
	f := future.AndThen[int, string](first, func(v int) future.Future[future.Result[string]] {
		require.Equal(t, 20, v)
		return second
	})
	r, polls := drive(t, f, 5)
	require.Equal(t, future.Ok("22"), r)
	require.Equal(t, 4, polls, "the second stage is polled in the poll that made it")

	f = future.AndThen(future.Value(future.Err[int](errBoom)), func(int) future.Future[future.Result[string]] {
		t.Fatal("fn ran")
		return nil
	})
	r, _ = drive(t, f, 1)
	require.ErrorIs(t, r.Err, errBoom)

	f = future.AndThen(future.Value(future.Ok(1)), func(int) future.Future[future.Result[string]] { return nil })
	require.PanicsWithValue(t, "future.AndThen: fn returned nil future", func() { pollOnce(f) })
}

func TestAndThenDropDropsCurrentStage(t *testing.T) {
	first := newProbe("first", 0, future.Ok(1), nil)
	second := newProbe("second", 9, future.Ok(2), nil)
	f := future.AndThen[int, int](first, func(int) future.Future[future.Result[int]] { return second })
	require.False(t, pollOnce(f).IsReady())
	future.Drop(f)
	future.Drop(f)
	require.Zero(t, first.drops)
	require.Equal(t, 1, second.drops)
}

func TestSelectOk(t *testing.T) {
	a := newProbe("a", 0, future.Err[int](errors.New("a failed")), nil)
	b := newProbe("b", 2, future.Ok(2), nil)
	c := newProbe("c", 5, future.Ok(3), nil)
	r, _ := drive(t, future.SelectOk[int](a, b, c), 5)
	require.Equal(t, future.Ok(2), r)
	require.Zero(t, a.drops, "a failed: nothing to drop")
	require.Equal(t, 1, c.drops)

	last := errors.New("last")
	x := newProbe("x", 0, future.Err[int](errBoom), nil)
	y := newProbe("y", 1, future.Err[int](last), nil)
	r, _ = drive(t, future.SelectOk[int](x, y), 5)
	require.ErrorIs(t, r.Err, last, "all failed: the last error")
}

func TestTryCombinatorsBadInput(t *testing.T) {
	require.PanicsWithValue(t, "future.SelectOk: no futures", func() { future.SelectOk[int]() })
	require.PanicsWithValue(t, "future.SelectOk: nil future", func() { future.SelectOk[int](nil) })
	require.PanicsWithValue(t, "future.MapOk: nil fn", func() { future.MapOk[int, int](future.Value(future.Ok(1)), nil) })
	require.PanicsWithValue(t, "future.MapErr: nil future", func() { future.MapErr[int](nil, func(e error) error { return e }) })
	require.PanicsWithValue(t, "future.Flatten: nil future", func() { future.Flatten[int](nil) })
	require.PanicsWithValue(t, "future.AndThen: nil fn", func() { future.AndThen[int, int](future.Value(future.Ok(1)), nil) })
}
