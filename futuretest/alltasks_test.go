package futuretest_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
)

// TestExploresExecutorSpawnedTasks: workers started with executor.Spawn
// by the code under test are explored like futuretest.Spawn's; the
// executor's FIFO order alone never shows the lost update.
func TestExploresExecutorSpawnedTasks(t *testing.T) {
	for _, f := range findAll(t, spawnedLostUpdate, func(f *futuretest.Failure) bool {
		return errors.Is(f.Err, futuretest.ErrAssertion)
	}) {
		require.Contains(t, f.Err.Error(), "lost update: counter = 1")
	}
	// The same program on a plain seeded-free executor: FIFO, no bug.
	ex := executor.NewLocal()
	defer func() { require.NoError(t, ex.Close()) }()
	counter := 0
	inc := func(prep int) future.Future[unit] {
		return future.Async(func(co *future.Co) unit {
			yields(co, prep)
			v := counter
			future.Await(co, future.YieldNow())
			counter = v + 1
			return unit{}
		})
	}
	_, err := executor.Run(ex, future.Join2(executor.Spawn(ex, inc(0)), executor.Spawn(ex, inc(1))))
	require.NoError(t, err)
	require.Equal(t, 2, counter)
}

// blockingFlag: a SpawnBlocking job sets a flag; another task assumes the
// job has finished by the time it has yielded once. Only an order that
// runs the job's completion late shows it, and under exploration that
// completion is a step like any other.
func blockingFlag(tr *futuretest.Trial) error {
	ex := tr.Executor()
	done := false
	job := executor.SpawnBlocking(ex, func() int { done = true; return 1 })
	checker := executor.Spawn(ex, future.Async(func(co *future.Co) unit {
		future.Await(co, future.YieldNow())
		if !done {
			tr.Errorf("blocking job not finished after one yield")
		}
		return unit{}
	}), executor.Name("checker"))
	_, err := executor.Run(ex, future.Join2(job, checker))
	return err
}

func TestExploresSpawnBlockingCompletions(t *testing.T) {
	for _, f := range findAll(t, blockingFlag, func(f *futuretest.Failure) bool {
		return errors.Is(f.Err, futuretest.ErrAssertion)
	}) {
		require.Contains(t, f.Err.Error(), "blocking job not finished")
	}
}

// TestExhaustiveTargets pins the targets: a complete search of the
// fixed breakfast at bound 2, and of a 25-step select loop at bound 0,
// each in under 100 runs.
func TestExhaustiveTargets(t *testing.T) {
	res := futuretest.Find(futuretest.Exhaustive(200, 2), breakfast(true))
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)
	require.Less(t, res.Runs, 100)
	t.Logf("fixed breakfast, bound 2: %d runs", res.Runs)

	steps := 0
	body := selectLoop(20) // 25 steps
	res = futuretest.Find(futuretest.Exhaustive(200, 0), func(tr *futuretest.Trial) error {
		err := body(tr)
		steps = max(steps, tr.Steps())
		return err
	})
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)
	require.GreaterOrEqual(t, steps, 25)
	require.Less(t, res.Runs, 100)
	t.Logf("select loop of %d steps, bound 0: %d runs", steps, res.Runs)
}

// TestExhaustiveFindsLostUpdatesEarly pins the lost-update target: the
// first wave's depth-first search needed 37, 122 and 442 runs for tails of
// 5, 10 and 20 steps; ten times fewer is at most 3. The reorderings of
// main's join steps are put off, so the one preemption comes third.
func TestExhaustiveFindsLostUpdatesEarly(t *testing.T) {
	for _, tail := range []int{5, 10, 20} {
		res := futuretest.Find(futuretest.Exhaustive(200, 2), lostUpdate(tail))
		require.NotNil(t, res.Failure, "tail %d", tail)
		require.ErrorIs(t, res.Failure.Err, futuretest.ErrAssertion)
		require.LessOrEqual(t, res.Runs, 3, "tail %d", tail)
	}
}

// TestExhaustiveRunsPutOffReorderings: a step that only awaits other tasks
// by its footprint may still write a plain Go variable. Here main sets a
// flag before awaiting the worker, which must not see it: only the
// schedule that runs main's first step before the worker's fails. It is
// put off (main's step awaits), not dropped: the search still finds it.
func TestExhaustiveRunsPutOffReorderings(t *testing.T) {
	body := func(tr *futuretest.Trial) error {
		started := false
		ex := tr.Executor()
		w := executor.Spawn(ex, future.Async(func(co *future.Co) unit {
			if started {
				tr.Errorf("the worker saw main's flag")
			}
			return unit{}
		}), executor.Name("worker"))
		_, err := executor.Run(ex, future.Async(func(co *future.Co) unit {
			started = true
			future.Await(co, w)
			return unit{}
		}))
		return err
	}
	res := futuretest.Find(futuretest.Exhaustive(200, 0), body)
	require.NotNil(t, res.Failure)
	require.ErrorIs(t, res.Failure.Err, futuretest.ErrAssertion)
	require.Equal(t, 2, res.Runs)
}

// TestPCTCountsNoAwaitingSteps: PCT's step estimate leaves out the steps
// that only await other tasks — here main's polls of its Join2, one to
// three per run depending on the schedule — and counts every other step,
// whatever the schedule.
func TestPCTCountsNoAwaitingSteps(t *testing.T) {
	const prep = 4
	mainSteps := map[int]bool{}
	res := futuretest.Find(futuretest.Random(100, 1), func(tr *futuretest.Trial) error {
		worker := func() future.Future[unit] {
			return future.Async(func(co *future.Co) unit {
				yields(co, prep)
				return unit{}
			})
		}
		a := futuretest.Spawn(tr, worker())
		b := futuretest.Spawn(tr, worker())
		if _, err := executor.Run(tr.Executor(), future.Join2(a, b)); err != nil {
			return err
		}
		if got := tr.CountedSteps(); got != 2*(prep+1) {
			tr.Errorf("counted %d steps of %d, want the workers' %d", got, tr.Steps(), 2*(prep+1))
		}
		mainSteps[tr.Steps()-2*(prep+1)] = true
		return nil
	})
	require.Nil(t, res.Failure)
	require.Len(t, mainSteps, 3, "main took 1, 2 and 3 steps in some runs: %v", mainSteps)
}

// TestScheduleFromAnotherProgram: a schedule recorded from one program
// replayed on another is ErrDiverged, naming the step.
func TestScheduleFromAnotherProgram(t *testing.T) {
	f := futuretest.Find(futuretest.Exhaustive(200, 2), lostUpdate(3)).Failure
	require.NotNil(t, f)
	got := futuretest.Replay(&recT{}, f.Schedule, selectLoop(2))
	require.NotNil(t, got)
	require.ErrorIs(t, got.Err, futuretest.ErrDiverged)
	require.Regexp(t, `diverged at step \d+`, got.Err.Error())
}

// joinSetLostUpdate is the lost update with the workers in a JoinSet,
// awaited with JoinNext: join-set members are explored like every task.
func joinSetLostUpdate(tr *futuretest.Trial) error {
	counter := 0
	ex := tr.Executor()
	_, err := executor.Run(ex, future.Async(func(co *future.Co) unit {
		js := executor.NewJoinSet[unit](ex)
		defer js.Drop()
		for prep := range 2 {
			js.Spawn(future.Async(func(co *future.Co) unit {
				yields(co, prep)
				v := counter
				future.Await(co, future.YieldNow())
				counter = v + 1
				return unit{}
			}))
		}
		for js.Len() > 0 {
			future.Await(co, js.JoinNext())
		}
		return unit{}
	}))
	if err != nil {
		return err
	}
	if counter != 2 {
		tr.Errorf("lost update: counter = %d after two increments", counter)
	}
	return nil
}

func TestExploresJoinSetMembers(t *testing.T) {
	for _, f := range findAll(t, joinSetLostUpdate, func(f *futuretest.Failure) bool {
		return errors.Is(f.Err, futuretest.ErrAssertion)
	}) {
		require.Contains(t, f.Err.Error(), "lost update: counter = 1")
	}
}
