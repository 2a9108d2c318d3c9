package executor

import (
	"fmt"
	"github.com/kettle-rt/kettle/internal/footprint"
	"runtime"
	"strconv"
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/queue"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/internal/taskstate"
	"github.com/kettle-rt/kettle/waker"
)

// task is the untyped header of a task, embedded (as a named field) in its
// [JoinHandle]: one allocation per spawn holds the header, the future and
// the output. Both executors use it the same way: the run queues and the
// registry hold *task, node.Value points back at the typed handle, and one
// poll path (poller.run, poll.go) polls it.
//
// What only some tasks need lives out of line, so that a task that
// finishes at its first poll before anyone awaits it (most spawned tasks)
// is 56 bytes of header and a JoinHandle[int] 80: what a dump shows of a
// task that has been Pending, and the waker of whoever awaits its handle
// while it runs, are in its taskRecord, allocated when the first of
// these is needed; its name is in its taskClass, which unnamed tasks
// share with their executor. A parked task pays for the record what it
// saves in the handle (48 bytes either way). Size classes are what a
// spawn costs: allocation and the collector's work are most of it, and
// spawn_join (a million tasks alive at once) ran 20% faster when the
// handle went from 128 to 96 bytes, and 5-7% faster again at 80.
//
// Who may touch which field (tokio's runtime/task/mod.rs rules, for Kettle):
//
//  1. state may be read and transitioned by any goroutine: wakes, Abort, a
//     poller, Close (package internal/taskstate lists the transitions).
//     Every other rule below hangs on it.
//  2. "The owner" is the goroutine whose transition made the task Running
//     (TryStartPoll, Claim), or, for a task spawned Fresh (both executors
//     spawn so), the one that took it from its queue, until it ends the
//     poll (EndPoll, Complete). A poller clears Fresh (ClearFresh) before
//     it lists the task (rule 5), so a task anyone else can find is never
//     claimable in its first poll. Only
//     the owner touches the future and the output in the handle,
//     listed and lag, and calls drop or finish.
//  3. node is pushed only by the goroutine whose transition returned an
//     "enqueue" outcome (Wake, Cancel, EndPoll, spawn), so a task is in at
//     most one queue at a time; node.Value is written before the task is
//     shared and read-only afterwards.
//  4. class (and so the name) is written before the task is shared (the
//     push into a queue publishes it) and read-only afterwards, as is the
//     class itself. id is written once, at spawn, before sharing (the
//     executor's spawn counter numbers it).
//  5. rec is installed once, with a compare-and-swap, by whichever comes
//     first of the owner (at the task's first Pending, or when Run lists
//     its main task) and the awaiter (registering its waker), and never
//     changed; loaded by anyone. rec.slot belongs to the registry: read
//     and written only under the mutex of the shard that lists the task
//     (the one listed names, task_registry.go).
//  6. rec.pub, rec.lastPoll, rec.waitingOn and tok.Bits (what a dump
//     shows) are written by the owner at the end of a Pending poll and
//     read by dumps and deadlock reports, both holding pub's lock bit: the
//     only lock a poll takes, once per Pending poll, uncontended unless a
//     dump reads that very task at that moment.
//  7. home is a hint: stored by the Multi worker that polls the task, at
//     the end of a Pending poll (before EndPoll), loaded by wakes from any
//     goroutine; a stale value only costs locality.
//  8. The output in the handle is written by the owner before
//     state.Complete and read by others only after state.IsComplete
//     reports true. rec.joinWaker belongs to the one future that awaits the
//     handle while the state's JoinWaker bit is clear, and to the
//     finisher (which wakes it) once Complete found the bit set; the
//     awaiter reads it while the bit is set, never writes it then.
//  9. phase belongs to the one future that awaits the handle.
//
// Nothing of observability lives in the state word: the blocking detector
// remembers the tasks it reported itself (poll_watchdog.go), and dumps read
// rec.
type task struct {
	node  queue.Node[taskImpl]
	state taskstate.State
	// id numbers tasks within their executor, from 1, in spawn order (see
	// rule 4); 0 for a SpawnBlocking job. Wraps after 2^32 tasks, which
	// only makes a label ambiguous.
	id uint32
	// home is 1 + the index of the Multi worker that last ended a Pending
	// poll of the task (0: none, or a Local); rule 7.
	home atomic.Int32
	// listed is 1 + the registry shard that lists the task, 0 while it
	// is not listed; owner-only, so that a registry lock is taken only on
	// the first Pending and at the end, and only the shard's.
	listed uint8
	// lag counts the Pending polls not yet published (rule 6); owner-only.
	lag uint8
	// phase is the awaiting side's view of the handle; rule 9.
	phase phase.Phase
	// tok is the task's identity in wait-for graphs (deadlock_proof.go):
	// polls carry &tok, locks record it as their holder. One byte, in
	// what was padding. tok.Bits holds proofEverTaken (some poll took the
	// task's waker) and proofOneWait (the last Pending poll recorded
	// exactly one waitingOn), published with rec.waitingOn under the pub
	// lock (rule 6).
	tok taskcx.Token

	// rec is what a dump reads of the task and its awaiter's waker, nil
	// until its first Pending or until its handle is awaited while it has
	// not finished (rule 5).
	rec atomic.Pointer[taskRecord]
	// class holds the function that pushes the task, whose state
	// transition just returned an enqueue outcome, on its executor's run
	// queue (Local.schedule, Multi.schedule), and the task's name; rule 4.
	class *taskClass
}

// taskClass is what tasks share: the function that pushes a woken task on
// its executor's run queue (safe from any goroutine), and a name. Every
// unnamed task of an executor points at the executor's one class; a named
// task has a class of its own (one small allocation, made only when a
// name is given). Read-only once a task that points at it is shared.
type taskClass struct {
	schedule func(t *task)
	name     string
}

// executorClasses are the two classes an executor gives its tasks: class
// for every unnamed task, mainClass for a future passed to Run.
// Read-only once set.
type executorClasses struct {
	class, mainClass taskClass
}

// setClasses makes both classes push with schedule.
func (c *executorClasses) setClasses(schedule func(t *task)) {
	c.class = taskClass{schedule: schedule}
	c.mainClass = taskClass{schedule: schedule, name: mainName}
}

// taskRecord is what a dump and a deadlock report read of a task (rule 6),
// its place in the registry (rule 5), and the waker of whoever awaits its
// handle (rule 8): installed at the task's first Pending or when its
// handle is first awaited while it runs, so that a task that finishes at
// its first poll before anyone awaits it never pays for it. 48 bytes, the
// size class it fills.
type taskRecord struct {
	// slot is 1 + the task's index in its registry shard (task.listed
	// says which), 0 when not listed; rule 5.
	slot int32
	// pub packs a lock bit (pubLocked) and the task's poll count as of its
	// last Pending poll; lastPoll is when that poll began (the poller's
	// coarse clock, poll_clock.go); waitingOn is what it waits on, as its
	// leaf recorded it (formatted only by a dump). The owner writes them
	// holding the lock bit, readers copy them holding it: a 4-byte lock
	// where a sync.Mutex would take 8, which keeps the record in 48 bytes.
	pub       atomic.Uint32
	lastPoll  int64
	waitingOn fmt.Stringer
	// joinWaker is the awaiter's waker; owned as the state's JoinWaker
	// bit says (rule 8).
	joinWaker waker.Waker
}

// Bits of task.tok.Bits.
const (
	proofEverTaken uint8 = 1 << iota
	proofOneWait
)

// pubLocked is the lock bit of task.pub; the other bits count polls.
const pubLocked = 1 << 31

// taskPub is a copy of what the task published (rule 6).
type taskPub struct {
	polls     uint32
	lastPoll  int64
	waitingOn fmt.Stringer
	everTaken bool
	oneWait   bool
}

// taskImpl is the typed side of a task (its *JoinHandle[T]).
type taskImpl interface {
	// header returns the embedded header.
	header() *task
	// poll polls the future once, catching a panic; on Ready or panic it
	// stores the output, releases the future and returns true.
	poll(cx *future.Context) bool
	// cancel drops the future (its Drop runs) and stores err as the output.
	// It returns a *PanicError if Drop panicked, else nil.
	cancel(err error) *PanicError
}

func (t *task) init(impl taskImpl, name string) {
	t.node.Value = impl
	if name != "" {
		t.class = &taskClass{name: name} // its executor fills in schedule (join)
	}
}

// join gives t its executor's class c before t is shared: c itself when t
// is unnamed, else c's schedule function in t's own class.
func (t *task) join(c *taskClass) {
	if t.class == nil {
		t.class = c
	} else {
		t.class.schedule = c.schedule
	}
}

// taskName returns the name given with Name, or "".
func (t *task) taskName() string { return t.class.name }

// Wake implements waker.Wakeable: the task's waker is waker.New(t), which
// allocates nothing. Only the idle→scheduled transition pushes the task.
func (t *task) Wake() {
	if t.state.Wake() == taskstate.WakeEnqueue {
		t.class.schedule(t)
	}
}

// label names the task in reports: `task "name"` or `task #N`.
func (t *task) label() string { return taskLabel(t.taskName(), uint64(t.id)) }

// taskLabel is the one way a task is named in reports, dumps and traces:
// `task "name"`, or `task #N` when it has no name.
func taskLabel(name string, id uint64) string {
	if name != "" {
		return "task " + strconv.Quote(name)
	}
	return "task #" + strconv.FormatUint(id, 10)
}

// publish records a Pending poll that began at for dumps (rule 6): one
// more poll, and what it waits on. Owner only.
//
// Publishing takes the lock bit (two atomic operations), so it is done only
// when it shows something new: what the task waits on changed, the coarse
// clock moved, the deadlock-proof bits changed, or publishLag polls went
// unpublished. A task parked on one resource is exact; one that keeps
// waking itself on the same thing (a yield loop, a channel receiver
// re-polled) costs a comparison and an increment, and its published poll
// count may lag by under publishLag.
func (t *task) publish(waitingOn fmt.Stringer, at int64, st *taskcx.State) {
	f := t.tok.Bits &^ proofOneWait
	if st.WakerTaken {
		f |= proofEverTaken
	}
	if st.Waits == 1 {
		f |= proofOneWait
	}
	r := t.record()
	if t.lag+1 < publishLag && at == r.lastPoll && f == t.tok.Bits && r.pub.Load() != 0 && sameStringer(waitingOn, r.waitingOn) {
		t.lag++ // the owner reads its own writes without the lock
		return
	}
	n := r.lock()
	r.lastPoll = at
	r.waitingOn = waitingOn
	t.tok.Bits = f
	r.pub.Store((n + uint32(t.lag) + 1) &^ pubLocked) // unlock; happens before the next lock
	t.lag = 0
}

// record returns t's record, installing one if it has none (rule 5): the
// owner and the awaiter may race to, and one record wins.
func (t *task) record() *taskRecord {
	if r := t.rec.Load(); r != nil {
		return r
	}
	r := new(taskRecord)
	if t.rec.CompareAndSwap(nil, r) {
		return r
	}
	return t.rec.Load()
}

// publishLag bounds how many Pending polls a task leaves unpublished.
const publishLag = 16

// sameStringer reports whether a and b are the same value (usually the
// same leaf future pointer). Comparing interfaces whose dynamic type is
// not comparable panics: such a value counts as changed.
func sameStringer(a, b fmt.Stringer) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// published returns what the task's last Pending poll published: nothing
// before its first Pending. Any goroutine.
func (t *task) published() taskPub {
	r := t.rec.Load()
	if r == nil {
		return taskPub{}
	}
	n := r.lock()
	p := taskPub{polls: n, lastPoll: r.lastPoll, waitingOn: r.waitingOn, everTaken: t.tok.Bits&proofEverTaken != 0, oneWait: t.tok.Bits&proofOneWait != 0}
	r.pub.Store(n)
	return p
}

// lock takes pub's lock bit and returns the poll count. Held for a few
// stores: a contender yields rather than spins hard.
func (r *taskRecord) lock() uint32 {
	for {
		n := r.pub.Load()
		if n&pubLocked == 0 && r.pub.CompareAndSwap(n, n|pubLocked) {
			return n
		}
		runtime.Gosched()
	}
}

// pollsSeen is the poll count for the owner, which alone changes it (rule
// 6: a plain read of its own writes would do; the load is as cheap). A
// task with no record has never been Pending: it has made no poll yet, or
// is in its first.
func (t *task) pollsSeen() uint32 {
	r := t.rec.Load()
	if r == nil {
		return 0
	}
	return r.pub.Load()&^pubLocked + uint32(t.lag)
}

// finish completes a running task whose output is stored and pages whoever
// awaits its handle, if anyone registered (the JoinWaker bit: a task
// nobody awaits finishes without touching the waker slot). The Complete
// transition publishes the output, and hands the slot to the finisher
// when the bit is set.
func (t *task) finish() {
	footprint.Touch(t) // the handle's output is written: see JoinHandle.Poll
	if t.state.Complete()&taskstate.JoinWaker != 0 {
		t.rec.Load().joinWaker.Wake() // the awaiter made the record before it set the bit
	}
}

// drop drops a task that the caller owns (state Running after StartPoll or
// Claim) with err as its output, then completes it — also when its Drop
// calls runtime.Goexit, which then ends the calling goroutine.
func (t *task) drop(err error) *PanicError {
	exiting := true
	defer func() {
		if exiting {
			t.finish() // the output (err) was stored before Drop ran
		}
	}()
	p := t.node.Value.cancel(err)
	exiting = false
	t.finish()
	return p
}

// describe is t's line in a deadlock report.
func describe(t *task) string {
	if w := t.published().waitingOn; w != nil {
		return t.label() + " waits on " + describeWait(w)
	}
	return t.label() + " is pending"
}
