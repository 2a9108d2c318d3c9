package executor

import (
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
)

// goexitFuture calls runtime.Goexit in its first poll, as t.FailNow does.
func goexitFuture() future.Future[int] {
	return future.PollFn(func(*future.Context) future.Poll[int] {
		runtime.Goexit()
		return future.Ready(0)
	})
}

func requireGoexitErr(t *testing.T, err error) {
	t.Helper()
	var pe *PanicError
	require.ErrorAs(t, err, &pe)
	require.ErrorIs(t, err, ErrGoexit)
	require.Equal(t, ErrGoexit, pe.Value)
	require.Contains(t, err.Error(), "runtime.Goexit")
}

func TestMultiGoexitCompletesHandleAndReplacesWorker(t *testing.T) {
	m := NewMulti(Workers(1))
	defer func() { require.NoError(t, m.Close()) }()
	for range 3 { // the one worker dies three times and is replaced each time
		h := Spawn(m, goexitFuture())
		r, err := Run(m, future.Future[future.Result[int]](h))
		require.NoError(t, err)
		requireGoexitErr(t, r.Err)
		v, err := Run(m, future.Value(7))
		require.NoError(t, err, "the worker was replaced")
		require.Equal(t, 7, v)
	}
	_, err := Run(m, goexitFuture())
	requireGoexitErr(t, err)
}

func TestLocalGoexitEndsRunGoroutineOnly(t *testing.T) {
	l := NewLocal()
	defer func() { require.NoError(t, l.Close()) }()
	h := Spawn(l, goexitFuture())
	returned := make(chan bool)
	go func() {
		defer close(returned)
		_, _ = Run(l, future.Never[int]())
		returned <- true
	}()
	_, ok := <-returned
	require.False(t, ok, "Goexit ends the goroutine that called Run")
	require.True(t, h.IsFinished())
	r, err := Run(l, future.Future[future.Result[int]](h))
	require.NoError(t, err, "the executor is usable after the Goexit")
	requireGoexitErr(t, r.Err)
	v, err := Run(l, future.Value(3))
	require.NoError(t, err)
	require.Equal(t, 3, v)
	require.Empty(t, l.Dump(), "the abandoned main was dropped")
}

func TestGoexitInMainOnLocal(t *testing.T) {
	l := NewLocal()
	defer func() { require.NoError(t, l.Close()) }()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = Run(l, goexitFuture())
	}()
	<-done
	v, err := Run(l, future.Value(1))
	require.NoError(t, err)
	require.Equal(t, 1, v)
	require.True(t, errors.Is(&PanicError{Value: ErrGoexit}, ErrGoexit))
}

func TestGoexitInAsyncBlock(t *testing.T) {
	m := NewMulti(Workers(1))
	defer func() { require.NoError(t, m.Close()) }()
	deferred := false
	_, err := Run(m, future.Async(func(co *future.Co) int {
		defer func() { deferred = true }()
		future.Await(co, future.YieldNow())
		runtime.Goexit()
		return 0
	}))
	requireGoexitErr(t, err)
	require.True(t, deferred, "the block's defers ran")
	v, err := Run(m, future.Value(2))
	require.NoError(t, err)
	require.Equal(t, 2, v)
}
