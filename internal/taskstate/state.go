package taskstate

import (
	"fmt"
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/nocopy"
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
	// Claim, and InitFresh for a task whoever takes it from its queue will
	// poll: see Fresh); cleared by EndPoll and Complete. Never set with Scheduled or
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
	// JoinWaker: the task's join-waker slot (a plain waker field next to
	// the word, tokio's JOIN_WAKER) holds the waker of whoever awaits the
	// task's result. It says who owns the slot: while it is clear, the
	// awaiter may write the slot and then set the bit (SetJoinWaker); while
	// it is set, only the finisher may read the slot, after Complete, and
	// the awaiter must clear the bit (UnsetJoinWaker) before writing the
	// slot again. Both fail once Complete is set, so the slot is never
	// written and read at once. Complete keeps the bit and returns the bits
	// it replaced: the finisher wakes the slot's waker only when it was
	// set, and a task nobody awaits completes without touching the slot.
	JoinWaker
	// Fresh: a task that has never been polled, owned by the run queue
	// it was spawned into until someone takes it out: whoever takes it
	// (a Local's loop; a Multi worker, a thief, or Close, each popping or
	// stealing it exclusively) starts its first poll, or claims it at
	// shutdown. Set by [State.InitFresh], always with Running, so that a
	// wake or an abort meanwhile treats the task as being polled (a wake
	// sets Notified, an abort Cancelled|Notified) and the taker starts the
	// first poll with a load, not a read-modify-write: the compare-and-swap
	// on a cold cache line that it saves was 3-5% of a spawn, poll and join
	// with a million tasks alive (spawn_join on a Local, bench/workloads).
	// Cleared by the EndPoll or Complete that ends the first poll, by
	// ClearFresh, or by Claim. Only the goroutine that took the task out of
	// its queue may Claim a Fresh task, and only before its first poll: to
	// anyone else it is a running task. A poller that makes the task
	// findable elsewhere during its first poll (a Multi's registry, where
	// Close claims what it finds) calls ClearFresh first.
	Fresh
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
	_ nocopy.NoCopy
	// v is accessed with sync/atomic's functions once the task is shared;
	// Init writes it plainly before (a plain store: no locked instruction
	// on the spawn path, and the push that shares the task publishes it).
	v uint32
}

// Init sets the word of a task that has never been shared: scheduled (the
// spawner pushes it) or idle. A plain store: not safe once the task is
// visible to others; whatever shares the task (a queue push, an atomic
// store of a pointer to it) publishes it.
func (s *State) Init(scheduled bool) {
	if scheduled {
		s.v = Scheduled
	} else {
		s.v = 0
	}
}

// InitFresh sets the word of a task that has never been shared to
// Fresh|Running (see [Fresh]): the spawner pushes it on a run queue whose
// one consumer polls it without a transition. A plain store, as in Init.
func (s *State) InitFresh() { s.v = Fresh | Running }

// ClearFresh clears Fresh from a task in its first poll, so that from
// then on it is a running task to everyone (Claim refuses it) until the
// poller ends the poll. Owner only (the poller); a load and nothing else
// when Fresh is clear, else one atomic AND (wakes and aborts may be
// setting other bits meanwhile).
func (s *State) ClearFresh() {
	if atomic.LoadUint32(&s.v)&Fresh != 0 {
		atomic.AndUint32(&s.v, ^Fresh)
	}
}

// Load returns the current bits, for assertions, dumps and reports.
func (s *State) Load() uint32 { return atomic.LoadUint32(&s.v) }

// IsComplete reports whether the task has finished. When it returns true,
// the task's output, written before [State.Complete], is visible to the
// caller.
func (s *State) IsComplete() bool { return atomic.LoadUint32(&s.v)&Complete != 0 }

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
	cur := atomic.LoadUint32(&s.v)
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
		if atomic.CompareAndSwapUint32(&s.v, cur, next) {
			if next&Scheduled != 0 {
				return WakeEnqueue
			}
			return WakeDone
		}
		cur = atomic.LoadUint32(&s.v)
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
	cur := atomic.LoadUint32(&s.v)
	if cur&Fresh != 0 {
		return freshStart(cur)
	}
	for {
		if cur&Scheduled == 0 || cur&(Running|Complete) != 0 {
			panic(fmt.Sprintf("taskstate: StartPoll on a task that is not scheduled (state %s)", bits(cur)))
		}
		next := cur&^Scheduled | Running
		if atomic.CompareAndSwapUint32(&s.v, cur, next) {
			if cur&Cancelled != 0 {
				return StartCancelled
			}
			return StartPoll
		}
		cur = atomic.LoadUint32(&s.v)
	}
}

// TryStartPoll is [State.StartPoll] for a multi-threaded executor, where a
// task may be claimed ([State.Claim], by a shutdown or a deadlock report)
// while it sits in a run queue: instead of panicking it reports ok == false
// when the task is not Scheduled (claimed: running under its claimer, or
// complete), and the popper must then forget the task.
func (s *State) TryStartPoll() (out StartOutcome, ok bool) {
	cur := atomic.LoadUint32(&s.v)
	if cur&Fresh != 0 {
		return freshStart(cur), true
	}
	for {
		if cur&Scheduled == 0 || cur&(Running|Complete) != 0 {
			return StartPoll, false
		}
		next := cur&^Scheduled | Running
		if atomic.CompareAndSwapUint32(&s.v, cur, next) {
			if cur&Cancelled != 0 {
				return StartCancelled, true
			}
			return StartPoll, true
		}
		cur = atomic.LoadUint32(&s.v)
	}
}

// freshStart is StartPoll on a Fresh task, whose word says Running
// already: the caller, the queue's owner, owns the future with no
// transition, and drops it instead if an abort came first. A Fresh task
// is Running and not Complete by construction; anything else is a caller
// polling a task it does not own.
func freshStart(cur uint32) StartOutcome {
	if cur&(Running|Complete) != Running {
		panic(fmt.Sprintf("taskstate: StartPoll on a fresh task that is not running (state %s)", bits(cur)))
	}
	if cur&Cancelled != 0 {
		return StartCancelled
	}
	return StartPoll
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
	cur := atomic.LoadUint32(&s.v)
	for {
		if cur&Running == 0 {
			panic(fmt.Sprintf("taskstate: EndPoll on a task that is not running (state %s)", bits(cur)))
		}
		next := cur &^ (Running | Notified | Fresh)
		requeue := cur&(Notified|Cancelled) != 0
		if requeue {
			next |= Scheduled
		}
		if atomic.CompareAndSwapUint32(&s.v, cur, next) {
			if requeue {
				return EndRequeue
			}
			return EndIdle
		}
		cur = atomic.LoadUint32(&s.v)
	}
}

// Complete marks the task finished: Running → Complete. The caller writes
// the task's output before calling it; a goroutine that then sees
// [State.IsComplete] report true reads that output safely. Later wakes and
// cancels are no-ops. It panics if the task is not running. It returns the
// bits held just before, so the caller can tell whether an abort arrived.
func (s *State) Complete() (prev uint32) {
	cur := atomic.LoadUint32(&s.v)
	for {
		if cur&Running == 0 {
			panic(fmt.Sprintf("taskstate: Complete on a task that is not running (state %s)", bits(cur)))
		}
		next := cur&(Cancelled|JoinWaker) | Complete
		if atomic.CompareAndSwapUint32(&s.v, cur, next) {
			return cur
		}
		cur = atomic.LoadUint32(&s.v)
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

// SetJoinWaker hands the join-waker slot, just written by the awaiter, to
// the finisher: it sets JoinWaker unless the task is complete, and reports
// whether it was (then the bit is not set, the finisher will not read the
// slot, and the awaiter reads the output instead). The awaiter's write of
// the slot happens before the finisher's read: the finisher reads it only
// after its Complete, a read-modify-write ordered after this one.
func (s *State) SetJoinWaker() (complete bool) {
	cur := atomic.LoadUint32(&s.v)
	for {
		if cur&Complete != 0 {
			return true
		}
		if atomic.CompareAndSwapUint32(&s.v, cur, cur|JoinWaker) {
			return false
		}
		cur = atomic.LoadUint32(&s.v)
	}
}

// UnsetJoinWaker takes the join-waker slot back from the finisher, so that
// the awaiter may write a new waker or forget it: it clears JoinWaker
// unless the task is complete, and reports whether it was (then the
// finisher owns the slot: the awaiter must not touch it).
func (s *State) UnsetJoinWaker() (complete bool) {
	cur := atomic.LoadUint32(&s.v)
	for {
		if cur&Complete != 0 {
			return true
		}
		if atomic.CompareAndSwapUint32(&s.v, cur, cur&^JoinWaker) {
			return false
		}
		cur = atomic.LoadUint32(&s.v)
	}
}

// HasJoinWaker reports whether JoinWaker is set (the awaiter's own view:
// only the awaiter changes it before Complete).
func (s *State) HasJoinWaker() bool { return atomic.LoadUint32(&s.v)&JoinWaker != 0 }

// Cancel records an abort request. On an idle task it schedules the task
// (CancelEnqueue); on a running one it also sets Notified so the poller
// re-queues it right after the current poll.
func (s *State) Cancel() CancelOutcome {
	cur := atomic.LoadUint32(&s.v)
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
		if atomic.CompareAndSwapUint32(&s.v, cur, next) {
			if cur&(Running|Scheduled) == 0 {
				return CancelEnqueue
			}
			return CancelDone
		}
		cur = atomic.LoadUint32(&s.v)
	}
}

// Claim takes ownership of a task that is not running, for shutdown: idle,
// Scheduled or Fresh → Running, reporting true; the caller then drops the
// future and calls Complete. It reports false if the task is complete or
// running (its poller owns it). A claimed task may still sit in a run
// queue: whoever drains that queue must skip complete tasks rather than
// StartPoll them. A Fresh task may be claimed only by its queue's owner
// between polls ([Fresh]).
func (s *State) Claim() bool {
	cur := atomic.LoadUint32(&s.v)
	for {
		if cur&(Running|Complete) != 0 && cur&Fresh == 0 {
			return false
		}
		if atomic.CompareAndSwapUint32(&s.v, cur, cur&^(Scheduled|Fresh)|Running) {
			return true
		}
		cur = atomic.LoadUint32(&s.v)
	}
}

// String formats the bits, e.g. "Running|Notified", for dumps.
func (s *State) String() string { return bits(atomic.LoadUint32(&s.v)) }

func bits(v uint32) string {
	if v == 0 {
		return "Idle"
	}
	names := [...]string{"Scheduled", "Running", "Notified", "Complete", "Cancelled", "JoinWaker", "Fresh"}
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
