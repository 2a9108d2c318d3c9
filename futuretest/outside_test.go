package futuretest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
)

// TestOutsideWaitIsUnsupported: a task waiting on a real 1 ms context
// timeout is not a deadlock, and no schedule string "replays" it.
func TestOutsideWaitIsUnsupported(t *testing.T) {
	body := func(tr *futuretest.Trial) error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		h := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
			future.Await(co, future.FromContext(ctx))
			return unit{}
		}), executor.Name("waiter"))
		_, err := executor.Run(tr.Executor(), h)
		return err
	}
	for _, s := range strategies() {
		f := futuretest.Find(s, body).Failure
		require.NotNil(t, f, "%s", s)
		require.ErrorIs(t, f.Err, futuretest.ErrUnsupported)
		require.False(t, errors.Is(f.Err, executor.ErrDeadlock), "%v", f.Err)
		// Stuck on the wait, or (if the 1 ms passed first) woken from the
		// context's goroutine: either way the task is named.
		require.Contains(t, f.Err.Error(), `task "waiter" wa`)
		require.Contains(t, f.Err.Error(), `outside the trial`)
		require.Empty(t, f.Schedule)
		require.NotContains(t, f.Error(), "v1:")
	}
	r := &recT{}
	futuretest.Explore(r, futuretest.Random(3, 1), body)
	require.True(t, r.Failed())
	require.Len(t, r.errs, 1)
	require.NotContains(t, r.errs[0], "Replay")
	require.True(t, strings.Contains(r.errs[0], "unsupported"), r.errs[0])

	// A Go channel is outside too; a run that passes is not failed for
	// a task left waiting on one.
	ch := make(chan int)
	f := futuretest.Find(futuretest.Random(2, 1), func(tr *futuretest.Trial) error {
		_, err := futuretest.Run(tr, future.FromChan(ch))
		return err
	}).Failure
	require.NotNil(t, f)
	require.ErrorIs(t, f.Err, futuretest.ErrUnsupported)
	require.Contains(t, f.Err.Error(), `task "main" waits on future.FromChan`)
	res := futuretest.Find(futuretest.Random(2, 1), func(tr *futuretest.Trial) error {
		futuretest.Spawn(tr, future.FromChan(ch))
		_, err := futuretest.Run(tr, future.YieldNow())
		return err
	})
	require.Nil(t, res.Failure)
}
