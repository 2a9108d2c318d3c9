package futuretest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/sync/notify"
	"github.com/kettle-rt/kettle/waker"
)

// twoYielders: tasks A and B take 3 steps each (2 yields): C(6,3) = 20
// interleavings.
func twoYielders(tr *futuretest.Trial) error {
	mk := func() future.Future[unit] {
		return future.Async(func(co *future.Co) unit { yields(co, 2); return unit{} })
	}
	a := futuretest.Spawn(tr, mk(), executor.Name("A"))
	b := futuretest.Spawn(tr, mk(), executor.Name("B"))
	_, err := executor.Run(tr.Executor(), future.Join2(a, b))
	return err
}

func TestExhaustiveEnumeratesInterleavings(t *testing.T) {
	res := futuretest.Find(futuretest.Exhaustive(100, 100), twoYielders)
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)
	// Three tasks (A, B and main, the Run's join), six yields: the 20
	// orders of A's and B's steps are equivalent (a yield touches
	// nothing); main's polls read the handles A's and B's last steps
	// write, so where they go matters. Sleep sets cut every deviation at
	// the step where it starts repeating an explored run.
	require.Equal(t, 28, res.Runs)

	res = futuretest.Find(futuretest.Exhaustive(100, 0), twoYielders)
	// Who goes first (3), and who goes when A finishes (main or B). The
	// order in which main's join polls two handles that finished together
	// is not a choice: polling a finished handle only reads it.
	require.Equal(t, 5, res.Runs, "no preemption")

	res = futuretest.Find(futuretest.Exhaustive(1, 100), twoYielders)
	require.Equal(t, 3, res.Runs, "only the first choice point is explored")
}

func TestRandomAndPCTRunAll(t *testing.T) {
	require.Equal(t, 7, futuretest.Find(futuretest.Random(7, 9), twoYielders).Runs)
	require.Equal(t, 5, futuretest.Find(futuretest.PCT(5, 3, 9), twoYielders).Runs)
}

func TestExploreReportsToT(t *testing.T) {
	r := &recT{}
	res := futuretest.Explore(r, futuretest.PCT(100, 2, 7), breakfast(false))
	require.NotNil(t, res.Failure)
	require.Len(t, r.errs, 1)
	require.Contains(t, r.errs[0], "futuretest.Replay(t, \""+res.Failure.Schedule+"\", body)")
	require.NotContains(t, r.errs[0], "did not reproduce")

	r = &recT{}
	res = futuretest.Explore(r, futuretest.Random(5, 7), twoYielders)
	require.Nil(t, res.Failure)
	require.False(t, r.Failed())
}

func TestReplayDiverged(t *testing.T) {
	f := futuretest.Find(futuretest.PCT(100, 2, 1), breakfast(false)).Failure
	require.NotNil(t, f)
	r := &recT{}
	got := futuretest.Replay(r, f.Choices+".1.1.1", breakfast(false))
	require.ErrorIs(t, got.Err, futuretest.ErrDiverged)
	require.Contains(t, got.Err.Error(), "diverged at step")

	got = futuretest.Replay(r, "v1:9.9.9", twoYielders)
	require.ErrorIs(t, got.Err, futuretest.ErrDiverged)
	require.Contains(t, got.Err.Error(), "diverged at step 1")

	got = futuretest.Replay(r, "v2:1", twoYielders)
	require.ErrorIs(t, got.Err, futuretest.ErrBadSchedule)
	got = futuretest.Replay(r, "v1:1.x", twoYielders)
	require.ErrorIs(t, got.Err, futuretest.ErrBadSchedule)
}

func TestTrialFailures(t *testing.T) {
	// Errorf from inside a controlled task.
	f := futuretest.Find(futuretest.Random(1, 1), func(tr *futuretest.Trial) error {
		h := futuretest.Spawn(tr, future.Lazy(func() int { tr.Errorf("bad value %d", 3); return 3 }))
		_, err := executor.Run(tr.Executor(), h)
		return err
	}).Failure
	require.ErrorIs(t, f.Err, futuretest.ErrAssertion)
	require.Contains(t, f.Err.Error(), "bad value 3")

	// Fatalf in the body ends the run.
	f = futuretest.Find(futuretest.Random(1, 1), func(tr *futuretest.Trial) error {
		tr.Fatalf("stop here")
		panic("unreachable")
	}).Failure
	require.ErrorIs(t, f.Err, futuretest.ErrAssertion)
	require.Contains(t, f.Err.Error(), "stop here")

	// A panic in a controlled task, even if nobody awaits its handle.
	f = futuretest.Find(futuretest.Random(1, 1), func(tr *futuretest.Trial) error {
		futuretest.Spawn(tr, future.Lazy(func() int { panic("boom") }), executor.Name("bomb"))
		_, err := futuretest.Run(tr, future.Async(func(co *future.Co) unit { yields(co, 20); return unit{} }))
		return err
	}).Failure
	require.NotNil(t, f)
	require.ErrorIs(t, f.Err, futuretest.ErrAssertion)
	require.Contains(t, f.Err.Error(), `task "bomb" panicked: boom`)

	// A panic in the body.
	f = futuretest.Find(futuretest.Random(1, 1), func(tr *futuretest.Trial) error { panic("body boom") }).Failure
	require.Contains(t, f.Err.Error(), "body panicked: body boom")
}

// foreignWake is pending until woken; it keeps its waker for the test.
type foreignWake struct {
	polled *notify.Notify // notified at the first poll
	w      waker.Waker
}

func (f *foreignWake) Poll(cx *future.Context) future.Poll[int] {
	if !f.w.IsNoop() {
		return future.Ready(1)
	}
	f.w = cx.Waker()
	f.polled.NotifyOne()
	return future.Pending[int]()
}

// TestWakeFromGoroutineBetweenRuns: a wake from another goroutine while
// the executor is not running is an ordinary wake: the next Run sees the
// task ready, in every schedule. (A wake racing with a run is not caught:
// Explore's replay check reports what it does; see the package doc.)
func TestWakeFromGoroutineBetweenRuns(t *testing.T) {
	res := futuretest.Find(futuretest.Exhaustive(50, 2), func(tr *futuretest.Trial) error {
		polled := notify.New()
		fw := &foreignWake{polled: polled}
		h := futuretest.Spawn(tr, fw, executor.Name("main"))
		if _, err := futuretest.Run(tr, polled.Notified()); err != nil {
			return err
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); fw.w.Wake() }()
		wg.Wait()
		_, err := executor.Run(tr.Executor(), h)
		return err
	})
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)
}

func TestNilArguments(t *testing.T) {
	require.PanicsWithValue(t, "futuretest.Random: runs < 1", func() { futuretest.Random(0, 1) })
	require.PanicsWithValue(t, "futuretest.PCT: depth < 1", func() { futuretest.PCT(1, 0, 1) })
	require.PanicsWithValue(t, "futuretest.Exhaustive(-1, 0): maxSteps < 0", func() { futuretest.Exhaustive(-1, 0) })
	require.PanicsWithValue(t, "futuretest.Exhaustive(5, -2): maxPreemptions < 0", func() { futuretest.Exhaustive(5, -2) })
	require.PanicsWithValue(t, "futuretest.Choice(0): n must be at least 1", func() { futuretest.Choice(0) })
	require.PanicsWithValue(t, "futuretest.Choice(-3): n must be at least 1", func() { futuretest.Choice(-3) })
	require.PanicsWithValue(t, "futuretest.Find: nil body", func() { futuretest.Find(futuretest.Random(1, 1), nil) })
	require.PanicsWithValue(t, "futuretest.Find: nil strategy", func() { futuretest.Find(nil, twoYielders) })
	require.PanicsWithValue(t, "futuretest.Find: MaxPolls < 1", func() { futuretest.Find(futuretest.Random(1, 1), twoYielders, futuretest.MaxPolls(0)) })
}

// TestSelectOrderOnlyWhenReadyTogether: a select's branch order is a
// choice point of Exhaustive only where both branches are ready at once.
func TestSelectOrderOnlyWhenReadyTogether(t *testing.T) {
	count := func(mk func() future.Future[future.Either[int, int]]) (runs int, winners []bool) {
		res := futuretest.Find(futuretest.Exhaustive(10, 0), func(tr *futuretest.Trial) error {
			e, err := futuretest.Run(tr, mk())
			winners = append(winners, e.IsLeft())
			return err
		})
		require.True(t, res.Exhausted)
		return res.Runs, winners
	}
	// Both ready at the first poll: either may win.
	runs, winners := count(func() future.Future[future.Either[int, int]] {
		return future.Select2(future.Value(1), future.Value(2))
	})
	require.Equal(t, 2, runs)
	require.ElementsMatch(t, []bool{true, false}, winners)

	// Only the second is ready: one outcome, one run.
	runs, winners = count(func() future.Future[future.Either[int, int]] {
		return future.Select2(sleepInt(time.Second), future.Value(2))
	})
	require.Equal(t, 1, runs)
	require.Equal(t, []bool{false}, winners)

	// The first is ready, the second is not: the other order is tried
	// once, sees the first win anyway, and is cut.
	runs, winners = count(func() future.Future[future.Either[int, int]] {
		return future.Select2(future.Value(1), sleepInt(time.Second))
	})
	require.Equal(t, 2, runs)
	require.Equal(t, []bool{true, true}, winners)

	// future.Select over cases: the same rule.
	selectRuns := func(second func() future.Future[int]) (int, []int) {
		var won []int
		res := futuretest.Find(futuretest.Exhaustive(10, 0), func(tr *futuretest.Trial) error {
			i, err := futuretest.Run(tr, future.Select(
				future.On(future.Value(1), func(int) {}),
				future.On(second(), func(int) {}),
			))
			won = append(won, i)
			return err
		})
		require.True(t, res.Exhausted)
		return res.Runs, won
	}
	n, won := selectRuns(func() future.Future[int] { return future.Value(2) })
	require.Equal(t, 2, n)
	require.ElementsMatch(t, []int{0, 1}, won)
	n, won = selectRuns(func() future.Future[int] { return sleepInt(time.Second) })
	require.Equal(t, 2, n)
	require.Equal(t, []int{0, 0}, won)
}

// sleepInt is a virtual sleep that yields 0.
func sleepInt(d time.Duration) future.Future[int] {
	return future.Map(sleep(d), func(future.Unit) int { return 0 })
}
