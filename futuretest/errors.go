package futuretest

import "errors"

var (
	// ErrDiverged is matched by the error of a [Replay] whose schedule does
	// not fit the program: it asked for a choice the schedule does not have,
	// with fewer options than the schedule's pick, or ended with choices
	// left. The message says at which step ("diverged at step N", counting
	// choice points from 1). A schedule recorded from another program, or a
	// body that is not deterministic, gives it.
	ErrDiverged = errors.New("futuretest: schedule diverged")
	// ErrBadSchedule is matched by the error of a [Replay] whose schedule
	// string cannot be parsed.
	ErrBadSchedule = errors.New("futuretest: malformed schedule")
	// ErrUnsupported is matched by a run's error when the run depends on
	// something exploration cannot order: a task that failed or got stuck
	// while waiting on something outside the trial (a goroutine, a Go
	// channel through future.FromChan, a context through
	// future.FromContext), or a task that did real I/O (a socket). The
	// message names the task and what it waits on; the Failure carries no
	// schedule.
	ErrUnsupported = errors.New("futuretest: unsupported operation under exploration")
	// ErrNotReproducible is matched by the error [Explore] reports when a
	// failing schedule, run a second time, did not fail the same way: the
	// body depends on something outside the schedule.
	ErrNotReproducible = errors.New("futuretest: failure did not reproduce")
	// ErrAssertion is matched by a run's error when the body or a
	// task failed a check through the [Trial] (Errorf, Fatalf,
	// FailNow).
	ErrAssertion = errors.New("futuretest: assertion failed")
)
