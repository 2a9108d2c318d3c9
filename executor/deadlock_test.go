package executor

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
)

// TestDeadlockReport: two tasks each await the other's signal; main awaits
// one of them. Nothing can ever wake anyone.
func TestDeadlockReport(t *testing.T) {
	e := NewLocal(DeadlockGrace(0))
	defer e.Close()
	eggs, bacon := newSignal("eggs done"), newSignal("bacon done")
	var mainDropped int
	fry := Spawn(e, future.Map(eggs.wait(), func(struct{}) int { bacon.fire(); return 1 }), Name("fry bacon"))
	Spawn(e, future.Map(bacon.wait(), func(struct{}) int { eggs.fire(); return 2 }), Name("cook eggs"))
	Spawn(e, future.PollFn(func(*future.Context) future.Poll[int] { return future.Pending[int]() })) // task #3: spawns are numbered from 1
	main := &dropObserver[future.Result[int]]{f: fry, dropped: &mainDropped}
	_, err := Run(e, main)
	require.ErrorIs(t, err, ErrDeadlock)
	var d *DeadlockError
	require.True(t, errors.As(err, &d))
	require.Equal(t, []string{
		`task "main" waits on task "fry bacon"`,
		`task "fry bacon" waits on signal eggs done`,
		`task "cook eggs" waits on signal bacon done`,
		`task #3 is pending`,
	}, d.Tasks)
	require.Equal(t, time.Duration(0), d.Grace)
	require.Contains(t, err.Error(), "executor: deadlock: the main future is pending")
	require.NotContains(t, err.Error(), "outside the runtime")
	require.Equal(t, 1, mainDropped, "Run drops the main future it gives up on")
}

// dropObserver forwards to f and counts Drops.
type dropObserver[T any] struct {
	f       future.Future[T]
	dropped *int
}

func (o *dropObserver[T]) Poll(cx *future.Context) future.Poll[T] { return o.f.Poll(cx) }
func (o *dropObserver[T]) Drop()                                  { *o.dropped++; future.Drop(o.f) }

func TestDeadlockAfterGrace(t *testing.T) {
	e := NewLocal(DeadlockGrace(20 * time.Millisecond))
	defer e.Close()
	_, err := Run(e, future.Never[int]())
	require.ErrorIs(t, err, ErrDeadlock)
	require.Contains(t, err.Error(), "a waker held outside the runtime could still have fired")
	require.Contains(t, err.Error(), `task "main" is pending`)
}

// TestNoDeadlockWhenWokenFromOutside: the grace period lets a plain
// goroutine that holds a waker fire it.
func TestNoDeadlockWhenWokenFromOutside(t *testing.T) {
	e := NewLocal(DeadlockGrace(time.Minute))
	defer e.Close()
	s := newSignal("outside")
	go func() {
		waitParked(e)
		s.fire()
	}()
	_, err := Run(e, s.wait())
	require.NoError(t, err)
}

// TestBlockingJobIsNotDeadlock: a SpawnBlocking job in flight counts as
// work, even with DeadlockGrace(0).
func TestBlockingJobIsNotDeadlock(t *testing.T) {
	e := NewLocal(DeadlockGrace(0))
	defer e.Close()
	release := make(chan struct{})
	h := SpawnBlocking(e, func() string { <-release; return "done" })
	go func() {
		waitParked(e)
		close(release)
	}()
	r, err := Run(e, await(h))
	require.NoError(t, err)
	require.Equal(t, future.Ok("done"), r)

	// Once the job is over, an unanswerable wait is a deadlock again.
	_, err = Run(e, future.Never[int]())
	require.ErrorIs(t, err, ErrDeadlock)
}

// TestBlockingJobEndingAsTheLoopParksIsNotDeadlock: a job that ends while
// the loop is deciding to park (after its look at the inject queue, before
// its look at the job count) must not make it report a deadlock: the loop
// reads the count first. The window is a few instructions wide, so the
// race is run many times (the old order failed about once in 60 runs under
// -race, so almost surely here).
func TestBlockingJobEndingAsTheLoopParksIsNotDeadlock(t *testing.T) {
	for i := range 500 {
		e := NewLocal(DeadlockGrace(0))
		release := make(chan struct{})
		h := SpawnBlocking(e, func() int { <-release; return i })
		go func() {
			waitParked(e)
			close(release)
		}()
		r, err := Run(e, await(h))
		require.NoError(t, err, "run %d", i)
		require.Equal(t, future.Ok(i), r)
		require.NoError(t, e.Close())
	}
}

func TestBlockOnDeadlockPanics(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the default 1 s grace period")
	}
	defer func() {
		r := recover()
		err, ok := r.(error)
		require.True(t, ok, "panic value %v", r)
		require.ErrorIs(t, err, ErrDeadlock)
	}()
	BlockOn(future.Never[int]())
	t.Fatal("BlockOn returned")
}
