package futuretest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/futuretest"
)

// strategies are the three searches each bug test runs, with budgets far
// above what they need (the numbers they do need are in doc.go).
func strategies() []futuretest.Strategy {
	return []futuretest.Strategy{
		futuretest.Random(500, 1),
		futuretest.PCT(500, 2, 1),
		futuretest.Exhaustive(200, 2),
	}
}

// findAll runs every strategy on body, requires each to find a failure
// matching want, replays every failure 100 times, and returns the
// failures.
func findAll(t *testing.T, body func(*futuretest.Trial) error, want func(f *futuretest.Failure) bool, opts ...futuretest.Option) []*futuretest.Failure {
	t.Helper()
	var out []*futuretest.Failure
	for _, s := range strategies() {
		res := futuretest.Find(s, body, opts...)
		require.NotNil(t, res.Failure, "%s found nothing in %d runs", s, res.Runs)
		require.True(t, want(res.Failure), "%s: unexpected failure: %v", s, res.Failure)
		t.Logf("%s: found after %d runs, schedule %s", s, res.Runs, res.Failure.Schedule)
		requireReplays(t, res.Failure, body, 100, opts...)
		out = append(out, res.Failure)
	}
	return out
}

// requireReplays replays f n times (by Schedule and by Choices) and
// requires the same failure each time.
func requireReplays(t *testing.T, f *futuretest.Failure, body func(*futuretest.Trial) error, n int, opts ...futuretest.Option) {
	t.Helper()
	firstLine := func(e error) string { s, _, _ := strings.Cut(e.Error(), "\n"); return s }
	for i := range n {
		sched := f.Schedule
		if i%2 == 1 {
			sched = f.Choices
		}
		r := &recT{}
		got := futuretest.Replay(r, sched, body, opts...)
		require.NotNil(t, got, "replay %d of %s passed", i, sched)
		require.Equal(t, firstLine(f.Err), firstLine(got.Err), "replay %d of %s", i, sched)
		require.True(t, r.Failed())
	}
}

func TestFindsDeadlock(t *testing.T) {
	for _, f := range findAll(t, breakfast(false), func(f *futuretest.Failure) bool {
		return errors.Is(f.Err, executor.ErrDeadlock)
	}) {
		msg := f.Err.Error()
		require.Contains(t, msg, `task "cook eggs" waits on mutex.Lock of "pan" held by task "fry bacon"`)
		require.Contains(t, msg, `task "fry bacon" waits on mutex.Lock of "spoon" held by task "cook eggs"`)
	}
}

func TestFixedBreakfastHasNoDeadlock(t *testing.T) {
	res := futuretest.Find(futuretest.Exhaustive(200, 2), breakfast(true))
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)
	t.Logf("exhaustive search of the fixed breakfast, preemption bound 2: %d runs", res.Runs)
	require.Nil(t, futuretest.Find(futuretest.PCT(50, 2, 3), breakfast(true)).Failure)
}

func TestFindsLivelock(t *testing.T) {
	findAll(t, livelock, func(f *futuretest.Failure) bool {
		return errors.Is(f.Err, executor.ErrPollLimit)
	}, futuretest.MaxPolls(500))
}

func TestFindsLostMessage(t *testing.T) {
	for _, f := range findAll(t, lostMessage, func(f *futuretest.Failure) bool {
		return errors.Is(f.Err, futuretest.ErrAssertion)
	}) {
		require.Contains(t, f.Err.Error(), "lost message")
	}
}

func TestFindsPermitLeak(t *testing.T) {
	for _, f := range findAll(t, permitLeak, func(f *futuretest.Failure) bool {
		return errors.Is(f.Err, futuretest.ErrAssertion)
	}) {
		require.Contains(t, f.Err.Error(), "permit leak: 1 of 2 permits available")
	}
	// The real semaphore gives back what a dropped Acquire was granted.
	require.Nil(t, futuretest.Find(futuretest.Exhaustive(200, 2), semaphoreOK).Failure)
}

func TestFindsFuturelock(t *testing.T) {
	for _, f := range findAll(t, futurelock, func(f *futuretest.Failure) bool {
		return errors.Is(f.Err, executor.ErrDeadlock)
	}) {
		require.Contains(t, f.Err.Error(), `task "select loop" waits on mutex.Lock of "m"`)
	}
}
