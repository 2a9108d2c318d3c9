package executor_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

var jsEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func newVirtualLocal(t *testing.T) *executor.Local {
	t.Helper()
	ex := executor.NewLocal(executor.Clock(timer.NewVirtualClock(jsEpoch)))
	t.Cleanup(func() { require.NoError(t, ex.Close()) })
	return ex
}

// sleeper returns a future that sleeps d, then is ready with v.
func sleeper(d time.Duration, v int) future.Future[int] {
	return future.Map(timer.Sleep(d), func(future.Unit) int { return v })
}

func TestJoinSetJoinsInCompletionOrder(t *testing.T) {
	ex := newVirtualLocal(t)
	js := executor.NewJoinSet[int](ex)
	for i, d := range []int{30, 10, 20} {
		js.Spawn(sleeper(time.Duration(d)*time.Millisecond, i))
	}
	require.Equal(t, 3, js.Len())
	var got []int
	out, err := executor.Run(ex, future.Async(func(co *future.Co) error {
		for {
			r := future.Await(co, js.JoinNext())
			if errors.Is(r.Err, executor.ErrEmpty) {
				return nil
			}
			if r.Err != nil {
				return r.Err
			}
			got = append(got, r.Value)
		}
	}))
	require.NoError(t, err)
	require.NoError(t, out)
	require.Equal(t, []int{1, 2, 0}, got)
	require.Zero(t, js.Len())
}

func TestJoinSetPanicAndAbort(t *testing.T) {
	ex := newVirtualLocal(t)
	js := executor.NewJoinSet[int](ex)
	js.Spawn(future.Lazy(func() int { panic("boom") }), executor.Name("bomb"))
	r, err := executor.Run(ex, js.JoinNext())
	require.NoError(t, err)
	var pe *executor.PanicError
	require.ErrorAs(t, r.Err, &pe)
	require.Equal(t, "boom", pe.Value)

	js.Spawn(future.Never[int]())
	js.Spawn(future.Never[int]())
	js.AbortAll()
	for range 2 {
		r, err = executor.Run(ex, js.JoinNext())
		require.NoError(t, err)
		require.ErrorIs(t, r.Err, executor.ErrAborted)
	}
	r, err = executor.Run(ex, js.JoinNext())
	require.NoError(t, err)
	require.ErrorIs(t, r.Err, executor.ErrEmpty)
}

func TestJoinSetTryJoinNext(t *testing.T) {
	ex := newVirtualLocal(t)
	js := executor.NewJoinSet[int](ex)
	_, ok := js.TryJoinNext()
	require.False(t, ok, "empty")
	js.Spawn(future.Value(7))
	js.Spawn(future.Never[int]())
	_, ok = js.TryJoinNext()
	require.False(t, ok, "nothing ran yet")
	ex.RunUntilStalled()
	r, ok := js.TryJoinNext()
	require.True(t, ok)
	require.Equal(t, future.Ok(7), r)
	_, ok = js.TryJoinNext()
	require.False(t, ok, "the other is still running")
	require.Equal(t, 1, js.Len())
	js.Drop()
}

func TestJoinSetShutdownWaitsForEveryTask(t *testing.T) {
	ex := newVirtualLocal(t)
	js := executor.NewJoinSet[int](ex)
	dropped := 0
	for range 5 {
		js.Spawn(future.Async(func(co *future.Co) int {
			defer func() { dropped++ }()
			future.Await(co, timer.Sleep(time.Hour))
			return 0
		}))
	}
	ex.RunUntilStalled()
	_, err := executor.Run(ex, js.Shutdown())
	require.NoError(t, err)
	require.Equal(t, 5, dropped, "every task was aborted and its defers ran")
	require.Zero(t, js.Len())
}

func TestJoinSetDropAbortsTasks(t *testing.T) {
	ex := newVirtualLocal(t)
	js := executor.NewJoinSet[int](ex)
	hs := make([]bool, 3)
	for i := range hs {
		js.Spawn(future.Async(func(co *future.Co) int {
			defer func() { hs[i] = true }()
			future.Await(co, future.Never[int]())
			return 0
		}))
	}
	ex.RunUntilStalled()
	js.Drop()
	js.Drop()
	ex.RunUntilStalled()
	require.Equal(t, []bool{true, true, true}, hs, "Drop aborted every task")
	require.Zero(t, js.Len())
	require.PanicsWithValue(t, "executor.JoinSet.Spawn: after Drop", func() { js.Spawn(future.Value(1)) })
	r, err := executor.Run(ex, js.JoinNext())
	require.NoError(t, err)
	require.ErrorIs(t, r.Err, executor.ErrEmpty)
}

func TestJoinSetClosedExecutor(t *testing.T) {
	ex := executor.NewLocal()
	require.NoError(t, ex.Close())
	js := executor.NewJoinSet[int](ex)
	js.Spawn(future.Value(1))
	r := executor.BlockOn(js.JoinNext())
	require.ErrorIs(t, r.Err, executor.ErrClosed)
}

func TestJoinSetBadInput(t *testing.T) {
	require.PanicsWithValue(t, "executor.NewJoinSet: nil executor", func() { executor.NewJoinSet[int](nil) })
	ex := newVirtualLocal(t)
	js := executor.NewJoinSet[int](ex)
	require.PanicsWithValue(t, "executor.JoinSet.Spawn: nil future", func() { js.Spawn(nil) })
}

func TestJoinSetJoinNextIsCancelSafe(t *testing.T) {
	ex := newVirtualLocal(t)
	js := executor.NewJoinSet[int](ex)
	js.Spawn(sleeper(time.Second, 1))
	// A select whose other branch wins drops the JoinNext: no task is lost.
	i, err := executor.Run(ex, future.Select(
		future.On(js.JoinNext(), func(future.Result[int]) { t.Fatal("joined") }),
		future.On(timer.Sleep(time.Millisecond), nil),
	))
	require.NoError(t, err)
	require.Equal(t, 1, i)
	require.Equal(t, 1, js.Len())
	r, err := executor.Run(ex, js.JoinNext())
	require.NoError(t, err)
	require.Equal(t, future.Ok(1), r)
}

func TestJoinSetManyTasksOnMulti(t *testing.T) {
	ex := executor.NewMulti(executor.Workers(2))
	defer func() { require.NoError(t, ex.Close()) }()
	js := executor.NewJoinSet[int](ex)
	const n = 2000
	for i := range n {
		js.Spawn(future.Async(func(co *future.Co) int {
			future.Await(co, future.YieldNow())
			return i
		}))
	}
	sum, err := executor.Run(ex, future.Async(func(co *future.Co) int {
		s := 0
		for js.Len() > 0 {
			r := future.Await(co, js.JoinNext())
			s += r.Value
		}
		return s
	}))
	require.NoError(t, err)
	require.Equal(t, n*(n-1)/2, sum)
}

func TestJoinHandlePolledAfterDropSaysDrop(t *testing.T) {
	ex := newVirtualLocal(t)
	h := executor.Spawn(ex, future.Never[int]())
	h.Drop()
	require.PanicsWithValue(t, "*executor.JoinHandle[int] polled after Drop", func() { h.Poll(future.NewContext(waker.Noop())) })
	h2 := executor.Spawn(ex, future.Value(1))
	_, err := executor.Run(ex, h2)
	require.NoError(t, err)
	require.PanicsWithValue(t, "*executor.JoinHandle[int] polled after completion", func() { h2.Poll(future.NewContext(waker.Noop())) })
	h.Abort()
}
