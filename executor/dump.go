package executor

import (
	"fmt"
	"strings"
	"time"

	"github.com/kettle-rt/kettle/internal/taskstate"
)

// TaskState is where a task stands in a [TaskDump].
type TaskState uint8

const (
	// TaskIdle: the task returned Pending and waits for a wake (see
	// [TaskInfo.WaitingOn]).
	TaskIdle TaskState = iota
	// TaskQueued: the task is in a run queue, waiting for its next poll.
	TaskQueued
	// TaskRunning: the task is being polled right now (a Local's Dump
	// called from inside one of its tasks sees that task so).
	TaskRunning
	// TaskAborting: [JoinHandle.Abort] was called; the executor drops the
	// task at its next turn.
	TaskAborting
)

// String returns "idle", "queued", "running" or "aborting".
func (s TaskState) String() string {
	switch s {
	case TaskIdle:
		return "idle"
	case TaskQueued:
		return "queued"
	case TaskRunning:
		return "running"
	case TaskAborting:
		return "aborting"
	}
	return fmt.Sprintf("TaskState(%d)", uint8(s))
}

// TaskInfo describes one live task in a [TaskDump].
type TaskInfo struct {
	// ID numbers the task within its executor (the N of `task #N`).
	ID uint64
	// Name is the name given with [Name] ("main" for Run's future), or ""
	// when unnamed.
	Name string
	// State is where the task stands.
	State TaskState
	// Polls counts the task's polls so far.
	Polls uint64
	// SinceLastPoll is the time since the task's last poll began, on a
	// coarse clock (the poller reads the real clock every 64 polls and
	// after each park, never per poll), so it may read up to a few
	// microseconds short; 0 if never polled.
	SinceLastPoll time.Duration
	// WaitingOn says what the task's last Pending poll waits on, as the
	// leaf future described itself ("mutex.Lock of \"spoon\" held by task
	// \"x\"", "mpsc.Recv", "timer.Sleep until …"); "" if it did not say.
	WaitingOn string
}

// Label is `task "name"` or `task #N`, as in deadlock reports.
func (ti TaskInfo) Label() string {
	if ti.Name != "" {
		return fmt.Sprintf("task %q", ti.Name)
	}
	return fmt.Sprintf("task #%d", ti.ID)
}

// String formats one line: label, state, polls, age and what it awaits.
func (ti TaskInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s, %d polls", ti.Label(), ti.State, ti.Polls)
	if ti.Polls > 0 {
		fmt.Fprintf(&b, ", last %v ago", ti.SinceLastPoll.Round(time.Microsecond))
	}
	if ti.WaitingOn != "" {
		b.WriteString(", waits on ")
		b.WriteString(ti.WaitingOn)
	}
	return b.String()
}

// TaskDump lists every live task of an executor, from [Local.Dump] or
// [Multi.Dump], in the order the executor first saw them.
type TaskDump []TaskInfo

// String formats the dump, one task per line ("no live tasks" if empty).
func (d TaskDump) String() string {
	if len(d) == 0 {
		return "no live tasks"
	}
	var b strings.Builder
	for i, ti := range d {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(ti.String())
	}
	return b.String()
}

// taskInfo describes t, whose dump fields the caller may read (it owns
// the loop, or every worker is stopped). now is in the poller's coarse
// clock (nanoseconds since its epoch).
func taskInfo(t *task, running *task, now int64) TaskInfo {
	ti := TaskInfo{ID: uint64(t.id), Name: t.taskName(), Polls: uint64(t.polls)}
	if t.polls > 0 {
		ti.SinceLastPoll = time.Duration(max(now-t.lastPoll, 0))
	}
	bits := t.state.Load()
	switch {
	case t == running || bits&taskstate.Running != 0:
		ti.State = TaskRunning
	case bits&taskstate.Cancelled != 0:
		ti.State = TaskAborting
	case bits&taskstate.Scheduled != 0:
		ti.State = TaskQueued
	}
	if t.waitingOn != nil && (ti.State == TaskIdle || ti.State == TaskAborting) {
		ti.WaitingOn = t.waitingOn.String()
	}
	return ti
}
