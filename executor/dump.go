package executor

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kettle-rt/kettle/internal/safecall"
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
	// ID numbers the task within its executor (the N of `task #N`):
	// unique, and on a Local 1, 2, 3... in spawn order; a Multi with W
	// workers numbers from W+1 interleaved series, so that its workers
	// share no counter (see [Multi]).
	ID uint64
	// Name is the name given with [Name] ("main" for Run's future), or ""
	// when unnamed.
	Name string
	// State is where the task stands.
	State TaskState
	// Polls counts the task's polls so far.
	Polls uint64
	// Polling is, for a [TaskRunning] task, how long its current poll has
	// been running (on the same coarse clock as SinceLastPoll): a task
	// stuck in a poll shows here, whether or not it was ever polled
	// before. Known on a Multi, and on a Local while its blocking detector
	// runs (the default; not with BlockingThreshold(0), which spares the
	// poll window's atomic store per poll); else 0, as for the other states.
	Polling time.Duration
	// SinceLastPoll is the time since the task's last Pending poll began,
	// on a coarse clock (the poller reads the real clock every 64 polls and
	// after each park, never per poll), so it may read up to a few
	// microseconds short; 0 if never polled.
	SinceLastPoll time.Duration
	// WaitingOn says what the task's last Pending poll waits on, as the
	// leaf future described itself ("mutex.Lock of \"spoon\" held by task
	// \"x\"", "mpsc.Recv", "timer.Sleep until …"); "" if it did not say.
	WaitingOn string
}

// Label is `task "name"` or `task #N`, as in deadlock reports.
func (ti TaskInfo) Label() string { return taskLabel(ti.Name, ti.ID) }

// String formats one line: label, state, polls, age and what it awaits.
func (ti TaskInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s, %d polls", ti.Label(), ti.State, ti.Polls)
	if ti.State == TaskRunning {
		fmt.Fprintf(&b, ", polling for %v", ti.Polling.Round(time.Microsecond))
	}
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
// [Multi.Dump], in spawn order.
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

// dumpOf describes the unfinished tasks of ts, in their order, from what
// each published (task.go, rule 6), and the tasks being polled now
// according to watches, matched by id (poll_watch.go). A task stuck in its
// first poll is not listed yet: it comes last, described from its
// poller's window alone (its id, its name if it has one, how long it has
// been polling; no poll counted yet). On a Local the last poll's window
// may still be open during the loop's bookkeeping between two polls
// (poller.idle): a task whose first poll ended a moment ago may then show
// as running. now is on the pollers' coarse clock
// (nanoseconds since its epoch). It takes no lock a poll holds: the
// registry's and each task's publication lock are held only between
// polls.
func dumpOf(ts []*task, now int64, watches []*pollWatch) TaskDump {
	var polling []inPoll // at most one per poller
	for _, w := range watches {
		if ip, ok := w.current(); ok {
			polling = append(polling, ip)
		}
	}
	d := make(TaskDump, 0, len(ts)+len(polling))
	for _, t := range ts {
		bits := t.state.Load()
		if bits&taskstate.Complete != 0 {
			continue
		}
		ti := taskInfo(t, bits, now)
		for i, ip := range polling {
			if ip.id() == t.id {
				if ti.State == TaskRunning {
					ti.Polling = time.Duration(max(now-ip.since, 0))
				}
				polling = slices.Delete(polling, i, i+1)
				break
			}
		}
		d = append(d, ti)
	}
	slices.SortFunc(polling, func(a, b inPoll) int { return cmp.Compare(a.id(), b.id()) })
	for _, ip := range polling {
		d = append(d, TaskInfo{
			ID:      uint64(ip.id()),
			Name:    ip.name(),
			State:   TaskRunning,
			Polling: time.Duration(max(now-ip.since, 0)),
		})
	}
	return d
}

// taskInfo describes t, whose state word held bits.
func taskInfo(t *task, bits uint32, now int64) TaskInfo {
	pub := t.published()
	ti := TaskInfo{ID: uint64(t.id), Name: t.taskName(), Polls: uint64(pub.polls)}
	if pub.polls > 0 {
		ti.SinceLastPoll = time.Duration(max(now-pub.lastPoll, 0))
	}
	switch {
	case bits&taskstate.Running != 0:
		ti.State = TaskRunning
	case bits&taskstate.Cancelled != 0:
		ti.State = TaskAborting
	case bits&taskstate.Scheduled != 0:
		ti.State = TaskQueued
	}
	if pub.waitingOn != nil && (ti.State == TaskIdle || ti.State == TaskAborting) {
		ti.WaitingOn = describeWait(pub.waitingOn)
	}
	return ti
}

// describeWait formats what a task waits on. The String method is the
// leaf future's, user code: a panic in it is reported and shown, not
// thrown at the caller of Dump.
func describeWait(w fmt.Stringer) (s string) {
	if !safecall.Call(nil, "executor: describing what a task waits on for a dump (String method)", func() { s = w.String() }) {
		s = fmt.Sprintf("%T (its String method panicked)", w)
	}
	return s
}
