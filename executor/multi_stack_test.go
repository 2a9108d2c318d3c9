package executor

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/goid"
)

// onWorkerStack: false on a goroutine that did not start in a worker's
// loop (the test's own, one started from inside a task), true inside a
// task's poll on a worker.
func TestOnWorkerStack(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	got, err := Run(m, future.Lazy(func() [2]bool {
		inner := make(chan bool)
		go func() { inner <- onWorkerStack() }()
		return [2]bool{onWorkerStack(), <-inner}
	}))
	require.NoError(t, err)
	require.True(t, got[0], "inside a poll on a worker")
	require.False(t, got[1], "a goroutine a task started is no worker")
	require.NotZero(t, workerRunEntry.Load(), "learned by a worker")
	require.False(t, onWorkerStack(), "the test goroutine")
}

// Run is refused only to m's own workers: from a goroutine a task
// started, and from a task of another Multi, it runs, also while m's
// workers poll.
func TestMultiRunFromOutsideItsWorkers(t *testing.T) {
	m := newTestMulti(t, Workers(2))
	other := newTestMulti(t, Workers(1))
	v, err := Run(m, future.Lazy(func() error {
		done := make(chan error)
		go func() {
			_, err := Run(m, future.Value(1))
			done <- err
		}()
		return <-done // this worker keeps polling meanwhile
	}))
	require.NoError(t, err)
	require.NoError(t, v, "a goroutine started from a task is not a worker")

	v, err = Run(other, future.Lazy(func() error {
		_, err := Run(m, future.Value(1))
		return err
	}))
	require.NoError(t, err)
	require.NoError(t, v, "a worker of another Multi may Run on m")

	v, err = Run(m, future.Lazy(func() error {
		_, err := Run(m, future.Value(1))
		return err
	}))
	require.NoError(t, err)
	require.ErrorIs(t, v, ErrRunning, "m's own worker may not")
}

// BenchmarkOnWorker: what Run and Close pay to learn that their caller is
// not one of m's workers while a worker is inside a poll, against the
// goroutine-id parse that used to decide it.
func BenchmarkOnWorker(b *testing.B) {
	m := NewMulti(Workers(2), BlockingThreshold(0), StallAfter(0))
	defer func() { _ = m.Close() }()
	var stop, started atomic.Bool
	busy := Spawn(m, future.PollFn(func(*future.Context) future.Poll[int] {
		started.Store(true)
		for !stop.Load() { // a poll that keeps one worker busy
		}
		return future.Ready(0)
	}))
	for !started.Load() {
	}
	b.Run("stack", func(b *testing.B) {
		for b.Loop() {
			if m.onWorker() {
				b.Fatal("on a worker")
			}
		}
	})
	b.Run("goid", func(b *testing.B) {
		for b.Loop() {
			if goid.Get() == 0 {
				b.Fatal("no id")
			}
		}
	})
	stop.Store(true)
	for !busy.IsFinished() {
	}
}
