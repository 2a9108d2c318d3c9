package executor

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

var (
	// ErrDeadlock is matched (errors.Is) by the [*DeadlockError] that [Run]
	// returns when its main future is pending and nothing inside the runtime
	// can wake any task.
	ErrDeadlock = errors.New("executor: deadlock")
	// ErrAborted is the Err of a task's [future.Result] when
	// [JoinHandle.Abort] dropped it before it finished.
	ErrAborted = errors.New("executor: task aborted")
	// ErrClosed is returned by [Run] on a closed executor and by a second
	// [Local.Close]; it is the Err of the handle of a task dropped by Close,
	// or spawned on a closed executor.
	ErrClosed = errors.New("executor: closed")
	// ErrRunning is returned by [Run] and [Local.Close] while the executor
	// is already running: from inside one of its own tasks (a re-entered
	// Run would otherwise hang) or from another goroutine during a Run.
	// [Local.RunUntilStalled] returns 0 in that case.
	ErrRunning = errors.New("executor: already running")
	// ErrPollLimit is matched by the error [Run] returns when it made more
	// polls than the [MaxPolls] option allows: a livelock guard.
	ErrPollLimit = errors.New("executor: poll limit exceeded")
	// ErrGoexit is the Value of the [*PanicError] of a task whose poll
	// called runtime.Goexit (t.FailNow and t.Fatal do, from a test
	// helper): errors.Is(err, ErrGoexit) on the handle's Err. Goexit
	// cannot be stopped: the goroutine that polled ends after the task is
	// completed — a Multi worker is replaced by a new one; on a Local, the
	// goroutine that called Run ends (as Goexit asks) and the executor
	// stays usable: the next Run or Close works.
	ErrGoexit = errors.New("executor: task called runtime.Goexit")
	// ErrStuck is matched by the error [Multi.Close] returns when a task
	// was still in one poll after [CloseWait]: its worker is left to
	// finish that poll on its own, and the task is dropped when it does.
	ErrStuck = errors.New("executor: a poll is stuck")
	// ErrEmpty is the Err of [JoinSet.JoinNext] when the set holds no task.
	ErrEmpty = errors.New("executor: JoinSet is empty")
)

// PanicError is the Err of a task that panicked: the panic is caught, the
// executor goes on, and the task's [JoinHandle] yields it. [Run] returns it
// when the main future panics; [BlockOn] re-panics with Value instead.
type PanicError struct {
	// Value is the value passed to panic, unchanged.
	Value any
	// Stack is the panicking goroutine's stack, from runtime/debug.Stack.
	Stack []byte
}

// Error returns "executor: task panicked: " and the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("executor: task panicked: %v", e.Value) }

// Unwrap returns Value if it is an error, so errors.Is sees through a
// panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// DeadlockError is what [Run] returns on a deadlock: the main future is
// pending, no task is ready or queued, no timer is armed, no
// [SpawnBlocking] job is in flight, and either the clock is virtual, or
// the deadlock is provable (a task that never took its waker, a wait-for
// cycle over locks), or, after opting in with [DeadlockGrace], nothing
// woke any task for the grace period. See the package doc, "Deadlocks".
// It matches [ErrDeadlock] with errors.Is.
type DeadlockError struct {
	// Tasks has one line per unfinished task, the main future first, then
	// in the order they first returned Pending: `task "fry bacon" waits on <what>` when the task's
	// last pending leaf future recorded what it waits on
	// ([future.Context.SetWaitingOn]), else `task "fry bacon" is pending`.
	// Unnamed tasks appear as `task #N` (N counts spawns on the executor).
	Tasks []string
	// Grace is how long the loop stayed parked with nothing to do before
	// reporting; 0 when the report is certain (nothing outside the runtime
	// can hold a waker, as under a virtual clock).
	Grace time.Duration
}

// Error returns the report: a headline then one indented line per task.
func (e *DeadlockError) Error() string {
	var b strings.Builder
	b.WriteString("executor: deadlock: the main future is pending and no task can make progress")
	if e.Grace > 0 {
		fmt.Fprintf(&b, " (nothing woke any task for %v; a waker held outside the runtime could still have fired)", e.Grace)
	}
	for _, t := range e.Tasks {
		b.WriteString("\n\t")
		b.WriteString(t)
	}
	return b.String()
}

// Unwrap returns [ErrDeadlock].
func (e *DeadlockError) Unwrap() error { return ErrDeadlock }
