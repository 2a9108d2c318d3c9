package futuretest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/internal/exechook"
)

// Failure describes a failing run: which run, how to replay it, and what
// went wrong.
type Failure struct {
	// Run is the 1-based number of the failing run within its campaign
	// (always 1 for [Replay]).
	Run int
	// Schedule replays the run with [Replay]: "v1:seed=N" for [Random],
	// else the choice list ("v1:2.0.1"). Empty when Err matches
	// [ErrUnsupported]: no schedule replays what the trial does not
	// control.
	Schedule string
	// Choices is the choice-list form of the same run (for a seeded run it
	// replays too).
	Choices string
	// Err is what went wrong, joined if several things did: the body's
	// error (a *executor.DeadlockError for a deadlock, an error matching
	// executor.ErrPollLimit for a livelock, a *executor.PanicError), an
	// error matching [ErrAssertion] for checks failed through the [Trial]
	// or panics of Spawn/Run tasks, [ErrUnsupported], [ErrDiverged], and
	// errors of the executor's Close.
	Err error
}

// Error returns the failure with its schedule.
func (f *Failure) Error() string {
	if f.Schedule == "" {
		return fmt.Sprintf("run %d failed: %v", f.Run, f.Err)
	}
	return fmt.Sprintf("run %d (schedule %s) failed: %v", f.Run, f.Schedule, f.Err)
}

// Unwrap returns Err.
func (f *Failure) Unwrap() error { return f.Err }

// Result is what a search did.
type Result struct {
	// Runs is how many runs were made (including the failing one).
	Runs int
	// Failure is the first failing run, or nil.
	Failure *Failure
	// Exhausted is true when an [Exhaustive] search ran every schedule
	// within its bounds without failure.
	Exhausted bool
}

// Explore runs body once per schedule of strategy until a run fails or the
// strategy is done, and reports the first failure to t (Errorf) with a
// schedule string that [Replay] reproduces; it then replays that schedule
// once more and also reports [ErrNotReproducible] if the run did not fail
// the same way.
//
// Each run gets a fresh [executor.Local] with a virtual clock starting at
// the [Start] time (sleeps are instant and time moves only when every task
// is idle), a poll bound ([MaxPolls]), the blocking detector off, and a
// [Trial] for body. Every task on that executor is explored, however it
// was started ([Spawn], [Run], executor.Spawn and executor.Run on
// [Trial.Executor], by the body or by the code under test, and the
// completions of executor.SpawnBlocking jobs, which run as steps of their
// own): before each poll the Trial picks which ready task the executor
// polls next; at each join/select, which branch goes first where that can
// change the outcome; at each [Choice], the value; with [InjectFaults], at
// each fallible leaf, whether it fails. These are the choice points.
// After body returns the executor is closed (unfinished tasks are
// dropped).
//
// A run fails when body returns an error (deadlock, poll limit, a task's
// panic it observed...), panics, fails a check through its Trial, when a
// task started with [Spawn] or [Run] panics, or when Close reports an
// error. A run that waits on something outside the trial — a goroutine, a
// Go channel (future.FromChan), a context (future.FromContext), real I/O
// — fails with [ErrUnsupported] naming the task and what it waits on, and
// with no schedule: no schedule replays the outside world.
//
// What exploration cannot see: other executors, and wakes from goroutines
// that race with the run (a wake that happens between two Runs of the
// body is an ordinary wake). What they do shows up as a failure that
// does not replay, which Explore reports ([ErrNotReproducible]).
//
// Runs take turns process-wide (the partial-order reduction records which
// resources each step touches through a process-wide hook): Explore calls
// from parallel tests interleave run by run, and a body must not start an
// exploration of its own.
//
// Panics with "futuretest.Explore: nil body" / "nil strategy".
func Explore(t TestingT, strategy Strategy, body func(tr *Trial) error, opts ...Option) Result {
	t.Helper()
	res := search("Explore", strategy, body, opts)
	if f := res.Failure; f != nil && f.Schedule == "" {
		t.Errorf("futuretest.Explore: %s: run %d: %v", strategy, f.Run, f.Err)
	} else if f != nil {
		again := replayOnce(f.Choices, body, buildConfig("Explore", opts))
		note := ""
		if again == nil || !sameFailure(f.Err, again.Err) {
			note = fmt.Sprintf("\n%v: replaying it gave: %v", ErrNotReproducible, errOrNil(again))
		}
		t.Errorf("futuretest.Explore: %s found a failure after %d runs: %v\nreplay with futuretest.Replay(t, %q, body)%s",
			strategy, res.Runs, f, f.Schedule, note)
	}
	return res
}

// Find is [Explore] without a TestingT: it returns what it found and
// reports nothing. For tests of the explorer and for measuring how many
// runs a strategy needs.
func Find(strategy Strategy, body func(tr *Trial) error, opts ...Option) Result {
	return search("Find", strategy, body, opts)
}

func search(call string, strategy Strategy, body func(tr *Trial) error, opts []Option) Result {
	if strategy == nil {
		panic("futuretest." + call + ": nil strategy")
	}
	if body == nil {
		panic("futuretest." + call + ": nil body")
	}
	cfg := buildConfig(call, opts)
	c := strategy.campaign()
	var res Result
	var prev *Trial // its buffers are reused by the next run
	for {
		d, sched, ok := c.next()
		if !ok {
			_, res.Exhausted = strategy.(exhaustiveStrategy)
			return res
		}
		res.Runs++
		tr, err := runOnce(d, body, cfg, prev)
		c.finished(tr)
		prev = tr
		if err != nil {
			choices := encodeChoices(tr.choices())
			if sched == "" {
				sched = choices
			}
			if cfg.faults {
				sched, choices = withFaults(sched), withFaults(choices)
			}
			if errors.Is(err, ErrUnsupported) {
				sched, choices = "", "" // no schedule replays what the trial does not control
			}
			res.Failure = &Failure{Run: res.Runs, Schedule: sched, Choices: choices, Err: err}
			return res
		}
	}
}

// Replay runs body once under schedule (a string from a [Failure]) and
// reports to t (Errorf) what Explore would: the run's failure, or an error
// matching [ErrDiverged] ("diverged at step N") if the schedule does not
// fit the program, or [ErrBadSchedule]. It returns the failure, or nil if
// the run passed.
func Replay(t TestingT, schedule string, body func(tr *Trial) error, opts ...Option) *Failure {
	t.Helper()
	if body == nil {
		panic("futuretest.Replay: nil body")
	}
	f := replayOnce(schedule, body, buildConfig("Replay", opts))
	if f != nil {
		t.Errorf("futuretest.Replay: %v", f)
	}
	return f
}

// replayOnce runs body under schedule; nil if it passed.
func replayOnce(schedule string, body func(tr *Trial) error, cfg config) *Failure {
	p, err := parseSchedule(schedule)
	if err != nil {
		return &Failure{Run: 1, Schedule: schedule, Choices: schedule, Err: err}
	}
	if p.faults {
		cfg.faults = true // the schedule was recorded with InjectFaults
	}
	var d decider
	var rd *replayDecider
	if p.seeded {
		d = newRandomDecider(p.seed)
	} else {
		rd = &replayDecider{cs: p.choices}
		d = rd
	}
	tr, err := runOnce(d, body, cfg, nil)
	if rd != nil {
		if derr := rd.end(); derr != nil {
			err = derr // the rest of the run followed no schedule
		}
	}
	if err == nil {
		return nil
	}
	choices := encodeChoices(tr.choices())
	if cfg.faults {
		choices = withFaults(choices)
	}
	return &Failure{Run: 1, Schedule: schedule, Choices: choices, Err: err}
}

// runOnce makes one run of body under d and returns the trial and the
// run's error (nil if it passed).
func runOnce(d decider, body func(tr *Trial) error, cfg config, reuse *Trial) (tr *Trial, err error) {
	tr = newTrial(d, reuse)
	if b, ok := d.(interface{ bind(*Trial) }); ok {
		b.bind(tr)
	}
	tr.faults = cfg.faults
	defer installRecorder(tr)()
	ex := executor.NewLocal(
		executor.Clock(newClock(cfg.start)),
		executor.MaxPolls(cfg.maxPolls),
		executor.DeadlockGrace(0),
		executor.BlockingThreshold(0), // polls are the test's; time is virtual
		executor.StallAfter(0),        // a trial never waits on real time
		exechook.PickerOption(&tr.branchC).(executor.Option),
	)
	tr.ex = ex
	var errs []error
	if p, berr := callBody(tr, body); p != "" {
		errs = append(errs, errors.New(p))
	} else if berr != nil {
		errs = append(errs, berr)
	}
	outside := tr.outsideWaits() // before Close drops the tasks
	tr.stopRecording()           // Close is no step of the run
	if cerr := ex.Close(); cerr != nil {
		errs = append(errs, fmt.Errorf("closing the run's executor: %w", cerr))
	}
	tr.mu.Lock()
	if outside != "" && len(errs) == 0 && !tr.failed {
		outside = "" // it did not matter: the run passed
	}
	if outside != "" || tr.io != "" {
		// The run depends on something outside the trial: whatever else
		// went wrong (a "deadlock" on a wait the outside would have ended)
		// is a consequence, and no schedule replays it.
		msg := tr.io
		if msg == "" {
			msg = outside
		}
		tr.mu.Unlock()
		return tr, fmt.Errorf("%w: %s", ErrUnsupported, msg)
	}
	if tr.failed {
		errs = append(errs, fmt.Errorf("%w:\n\t%s", ErrAssertion, strings.Join(tr.msgs, "\n\t")))
	}
	tr.mu.Unlock()
	if len(errs) > 0 && len(tr.faultsHit) > 0 {
		errs = append(errs, fmt.Errorf("futuretest: faults were injected at: %s", strings.Join(tr.faultsHit, ", ")))
	}
	return tr, errors.Join(errs...)
}

// callBody runs body, turning a panic into a message ("" if none). A
// FailNow/Fatalf from the body is already recorded on tr.
func callBody(tr *Trial, body func(tr *Trial) error) (panicked string, err error) {
	defer func() {
		if r := recover(); r != nil {
			if r == any(errFailNow) {
				panicked = "body stopped by FailNow"
				return
			}
			panicked = fmt.Sprintf("body panicked: %v\n%s", r, stackOf())
		}
	}()
	return "", body(tr)
}

// choices returns the recorded choice list of the run.
func (tr *Trial) choices() []int {
	cs := make([]int, len(tr.points))
	for i, p := range tr.points {
		cs[i] = p.c
	}
	return cs
}

// sameFailure reports whether two run errors are the same failure, by
// message (stacks aside: messages of panics carry them, compare the first
// line only).
func sameFailure(a, b error) bool {
	first := func(e error) string {
		s, _, _ := strings.Cut(e.Error(), "\n")
		return s
	}
	return a != nil && b != nil && first(a) == first(b)
}

func errOrNil(f *Failure) any {
	if f == nil {
		return "no failure"
	}
	return f.Err
}
