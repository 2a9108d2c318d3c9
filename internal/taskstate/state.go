package taskstate

import (
	"fmt"
	"sync/atomic"
)

// Bits of the state word. A task is "idle" when none of Scheduled, Running
// and Complete is set: it waits for a wake and sits in no queue.
const (
	// Scheduled: the task is in a run queue, or about to be pushed by the
	// goroutine whose transition set this bit (that goroutine, and only it,
	// must push it). Set by Wake or Cancel on an idle task, by EndPoll when
	// the task was notified, and by Init for a new task. Cleared by
	// StartPoll. Never set together with Running or Complete.
	Scheduled uint32 = 1 << iota
	// Running: one poller owns the task's future. Set by StartPoll (and
	// Claim); cleared by EndPoll and Complete. Never set with Scheduled or
	// Complete.
	Running
	// Notified: a wake arrived while Running. Only set while Running; EndPoll
	// turns it into Scheduled (the poller re-queues the task), so the wake is
	// never lost and never causes a concurrent poll.
	Notified
	// Complete: the task finished or was dropped; terminal. Whatever the
	// task produced was written before this bit was set (see Complete).
	Complete
	// Cancelled: an abort was requested. Sticky; the next StartPoll reports
	// it so that the poller drops the future instead of polling it.
	Cancelled
	// JoinWaiting: whoever awaits the task's result has registered a waker
	// (set by SetJoinWaiting, never cleared). Complete returns the bits it
	// replaced, so the finisher pages the awaiter only when this is set and
	// a task nobody awaits completes without touching the waker slot.
	JoinWaiting
)

// The word holds scheduling bits only: what observers want to remember
// about a task (a blocking report made, a dump's view) lives with the
// observer, never here, so that no transition has to preserve or skip it.

// State is a task's state word. The zero value is an idle task; executors
// call [State.Init] for a task that is spawned already scheduled.
//
// Every method is safe from any goroutine; every transition is a
// sequentially consistent atomic (a compare-and-swap loop), so writes made
// by the goroutine that performs a transition happen before reads made by
// the goroutine that observes its result.
type State struct {
	v atomic.Uint32
}

// Init sets the word of a task that has never been shared: scheduled (the
// spawner pushes it) or idle. Not safe once the task is visible to others.
func (s *State) Init(scheduled bool) {
	if scheduled {
		s.v.Store(Scheduled)
	} else {
		s.v.Store(0)
	}
}

// Load returns the current bits, for assertions, dumps and reports.
func (s *State) Load() uint32 { return s.v.Load() }

// IsComplete reports whether the task has finished. When it returns true,
// the task's output, written before [State.Complete], is visible to the
// caller.
func (s *State) IsComplete() bool { return s.v.Load()&Complete != 0 }

// WakeOutcome is the result of [State.Wake].
type WakeOutcome uint8

const (
	// WakeDone: nothing for the caller to do (the task was already
	// scheduled, notified, or complete; or it was running and is now
	// notified, so its poller will re-queue it).
	WakeDone WakeOutcome = iota
	// WakeEnqueue: the task went from idle to scheduled; the caller now owns
	// the duty to push it on a run queue, exactly once.
	WakeEnqueue
)

// Wake records a wake-up. Only the idle→scheduled transition returns
// WakeEnqueue, so concurrent wakes queue a task at most once. Fast path: a
// single load when the task is already scheduled, notified or complete.
func (s *State) Wake() WakeOutcome {
	cur := s.v.Load()
	for {
		var next uint32
		switch {
		case cur&(Scheduled|Complete) != 0:
			return WakeDone
		case cur&Running != 0:
			if cur&Notified != 0 {
				return WakeDone
			}
			next = cur | Notified
		default:
			next = cur | Scheduled
		}
		if s.v.CompareAndSwap(cur, next) {
			if next&Scheduled != 0 {
				return WakeEnqueue
			}
			return WakeDone
		}
		cur = s.v.Load()
	}
}

// StartOutcome is the result of [State.StartPoll].
type StartOutcome uint8

const (
	// StartPoll: the caller owns the future and polls it; it must then call
	// EndPoll or Complete.
	StartPoll StartOutcome = iota
	// StartCancelled: an abort was requested; the caller owns the future,
	// must drop it instead of polling it, then call Complete.
	StartCancelled
)

// StartPoll is called by the goroutine that popped the task from a run
// queue: Scheduled → Running. It panics if the task is not scheduled (a
// task popped twice would be a bug in the caller's queueing).
func (s *State) StartPoll() StartOutcome {
	cur := s.v.Load()
	for {
		if cur&Scheduled == 0 || cur&(Running|Complete) != 0 {
			panic(fmt.Sprintf("taskstate: StartPoll on a task that is not scheduled (state %s)", bits(cur)))
		}
		next := cur&^Scheduled | Running
		if s.v.CompareAndSwap(cur, next) {
			if cur&Cancelled != 0 {
				return StartCancelled
			}
			return StartPoll
		}
		cur = s.v.Load()
	}
}

// TryStartPoll is [State.StartPoll] for a multi-threaded executor, where a
// task may be claimed ([State.Claim], by a shutdown or a deadlock report)
// while it sits in a run queue: instead of panicking it reports ok == false
// when the task is not Scheduled (claimed: running under its claimer, or
// complete), and the popper must then forget the task.
func (s *State) TryStartPoll() (out StartOutcome, ok bool) {
	cur := s.v.Load()
	for {
		if cur&Scheduled == 0 || cur&(Running|Complete) != 0 {
			return StartPoll, false
		}
		next := cur&^Scheduled | Running
		if s.v.CompareAndSwap(cur, next) {
			if cur&Cancelled != 0 {
				return StartCancelled, true
			}
			return StartPoll, true
		}
		cur = s.v.Load()
	}
}

// EndOutcome is the result of [State.EndPoll].
type EndOutcome uint8

const (
	// EndIdle: the task waits for a wake; the poller gives it up.
	EndIdle EndOutcome = iota
	// EndRequeue: the task was woken (or aborted) during the poll; it is
	// Scheduled again and the poller must push it on a run queue.
	EndRequeue
)

// EndPoll is called by the poller after a poll that returned Pending:
// Running → idle, or Running|Notified → Scheduled. The wake that set
// Notified could not queue the task because it was running; "now it is our
// job", so the poller re-queues it. It panics if the task is not running.
func (s *State) EndPoll() EndOutcome {
	cur := s.v.Load()
	for {
		if cur&Running == 0 {
			panic(fmt.Sprintf("taskstate: EndPoll on a task that is not running (state %s)", bits(cur)))
		}
		next := cur &^ (Running | Notified)
		requeue := cur&(Notified|Cancelled) != 0
		if requeue {
			next |= Scheduled
		}
		if s.v.CompareAndSwap(cur, next) {
			if requeue {
				return EndRequeue
			}
			return EndIdle
		}
		cur = s.v.Load()
	}
}

// Complete marks the task finished: Running → Complete. The caller writes
// the task's output before calling it; a goroutine that then sees
// [State.IsComplete] report true reads that output safely. Later wakes and
// cancels are no-ops. It panics if the task is not running. It returns the
// bits held just before, so the caller can tell whether an abort arrived.
func (s *State) Complete() (prev uint32) {
	cur := s.v.Load()
	for {
		if cur&Running == 0 {
			panic(fmt.Sprintf("taskstate: Complete on a task that is not running (state %s)", bits(cur)))
		}
		next := cur&(Cancelled|JoinWaiting) | Complete
		if s.v.CompareAndSwap(cur, next) {
			return cur
		}
		cur = s.v.Load()
	}
}

// CancelOutcome is the result of [State.Cancel].
type CancelOutcome uint8

const (
	// CancelDone: nothing for the caller to do (already complete or
	// cancelled; or scheduled, so the next StartPoll reports the abort; or
	// running, so EndPoll re-queues it).
	CancelDone CancelOutcome = iota
	// CancelEnqueue: the task was idle and is now Scheduled; the caller must
	// push it on a run queue so that its poller drops it.
	CancelEnqueue
)

// SetJoinWaiting sets JoinWaiting and reports whether the task was already
// complete. The awaiter calls it before registering its waker, then checks
// IsComplete again: both this and Complete are read-modify-writes of the
// same word, so either Complete sees the bit (and the finisher wakes the
// registered waker) or the awaiter's re-check sees Complete.
func (s *State) SetJoinWaiting() (complete bool) {
	return s.v.Or(JoinWaiting)&Complete != 0
}

// Cancel records an abort request. On an idle task it schedules the task
// (CancelEnqueue); on a running one it also sets Notified so the poller
// re-queues it right after the current poll.
func (s *State) Cancel() CancelOutcome {
	cur := s.v.Load()
	for {
		if cur&(Complete|Cancelled) != 0 {
			return CancelDone
		}
		next := cur | Cancelled
		switch {
		case cur&Running != 0:
			next |= Notified
		case cur&Scheduled == 0:
			next |= Scheduled
		}
		if s.v.CompareAndSwap(cur, next) {
			if cur&(Running|Scheduled) == 0 {
				return CancelEnqueue
			}
			return CancelDone
		}
		cur = s.v.Load()
	}
}

// Claim takes ownership of a task that is not running, for shutdown: idle
// or Scheduled → Running, reporting true; the caller then drops the future
// and calls Complete. It reports false if the task is complete or running
// (its poller owns it). A claimed task may still sit in a run queue: whoever
// drains that queue must skip complete tasks rather than StartPoll them.
func (s *State) Claim() bool {
	cur := s.v.Load()
	for {
		if cur&(Running|Complete) != 0 {
			return false
		}
		if s.v.CompareAndSwap(cur, cur&^Scheduled|Running) {
			return true
		}
		cur = s.v.Load()
	}
}

// String formats the bits, e.g. "Running|Notified", for dumps.
func (s *State) String() string { return bits(s.v.Load()) }

func bits(v uint32) string {
	if v == 0 {
		return "Idle"
	}
	names := [...]string{"Scheduled", "Running", "Notified", "Complete", "Cancelled", "JoinWaiting"}
	out := ""
	for i, n := range names {
		if v&(1<<i) != 0 {
			if out != "" {
				out += "|"
			}
			out += n
		}
	}
	if rest := v >> len(names); rest != 0 {
		out += fmt.Sprintf("|%#x", rest<<len(names))
	}
	return out
}
