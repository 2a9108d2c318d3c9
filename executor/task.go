package executor

import (
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/queue"
	"github.com/kettle-rt/kettle/internal/taskstate"
	"github.com/kettle-rt/kettle/waker"
)

// task is the untyped header of a task, embedded (as a named field) in its
// [JoinHandle]: one allocation per spawn holds the header, the future and
// the output. The executor's queues and registry hold *task; node.Value
// points back at the typed handle, to poll or drop the future. Every field
// costs spawn time (allocation is most of a spawn's cost), so the header is
// packed: 120 bytes on 64-bit platforms (a JoinHandle[int] is 160).
//
// Ownership rules:
//  1. state is the only field written by several goroutines (wakes, Abort,
//     the loop); see package internal/taskstate.
//  2. node is pushed only by the goroutine whose state transition returned
//     an "enqueue" outcome, so a task is in the inject queue at most once.
//  3. Fields marked loop-owned are read and written only by the goroutine
//     that owns the executor's loop (see Local.owner).
//  4. node.Value, name and sched are written before the task is shared (the
//     push into a queue publishes them) and read-only afterwards.
//  5. The output in the handle is written before state.Complete and read
//     only after state.IsComplete reports true.
type task struct {
	node  queue.Node[taskImpl]
	state taskstate.State
	// id numbers tasks in the order the loop first sees them (so numbering
	// costs no atomic); loop-owned; 0 until then. Wraps after 2^32 tasks,
	// which only makes a report label ambiguous.
	id uint32
	// slot is 1 + the task's index in the registry, 0 when not listed;
	// loop-owned.
	slot int32
	// home is 1 + the index of the Multi worker that last polled the task
	// (0: none yet). Stored by that worker, loaded by wakes from any
	// goroutine to route the task to its worker's LIFO slot (see
	// Multi.schedule); a stale value only costs locality.
	home atomic.Int32
	// phase is the awaiting side's view of the handle; owned by the one
	// future that awaits it.
	phase handlePhase
	// listed is true while the task is in a Multi's registry; owned by
	// whoever owns the task (its poller, or the goroutine that claimed it),
	// so that the registry lock is taken only on the first Pending and at
	// the end.
	listed bool
	// polls counts the task's polls; lastPoll is when the last one began,
	// in nanoseconds on its poller's coarse clock (see loopClock). Written
	// by the poller; read by dumps and traces only while no poll can run
	// (Local: the dumper owns the loop; Multi: every worker is stopped).
	polls    uint32
	lastPoll int64

	sched     scheduler
	name      *string      // nil when unnamed: most tasks, and 8 bytes less
	joinWaker waker.Atomic // the waker of whoever awaits the handle

	waitingOn fmt.Stringer // loop-owned: what the last Pending poll waited on
}

// scheduler is the executor side of a task: where its wakes go.
type scheduler interface {
	// schedule pushes t, whose state transition just returned an enqueue
	// outcome, on a run queue. Safe from any goroutine.
	schedule(t *task)
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
		t.name = new(string) // not &name: that would allocate for "" too
		*t.name = name
	}
}

// taskName returns the name given with Name, or "".
func (t *task) taskName() string {
	if t.name == nil {
		return ""
	}
	return *t.name
}

// Wake implements waker.Wakeable: the task's waker is waker.New(t), which
// allocates nothing. Only the idle→scheduled transition pushes the task.
func (t *task) Wake() {
	if t.state.Wake() == taskstate.WakeEnqueue {
		t.sched.schedule(t)
	}
}

// label names the task in reports: `task "name"` or `task #N`.
func (t *task) label() string {
	if t.name != nil {
		return "task " + strconv.Quote(*t.name)
	}
	return "task #" + strconv.FormatUint(uint64(t.id), 10)
}

// finish completes a running task whose output is stored and pages whoever
// awaits its handle, if anyone registered (the JoinWaiting bit: a task
// nobody awaits finishes without touching the waker slot). The Complete
// transition publishes the output.
func (t *task) finish() {
	if t.state.Complete()&taskstate.JoinWaiting != 0 {
		t.joinWaker.Wake()
	}
}

// drop drops a task that the caller owns (state Running after StartPoll or
// Claim) with err as its output, then completes it.
func (t *task) drop(err error) *PanicError {
	p := t.node.Value.cancel(err)
	t.finish()
	return p
}

// registry is the loop-owned set of unfinished tasks that have returned
// Pending at least once (a task that finishes at its first poll is never
// listed): Close drops them all, deadlock reports list them. Tasks not
// listed yet sit in a run queue, where Close finds them. Add and remove are
// O(1) (swap with the last) and allocate only when the slice grows.
type registry struct {
	list []*task
}

func (r *registry) add(t *task) {
	r.list = append(r.list, t)
	t.slot = int32(len(r.list))
}

func (r *registry) remove(t *task) {
	if t.slot == 0 {
		return
	}
	i, last := int(t.slot-1), len(r.list)-1
	moved := r.list[last]
	r.list[i] = moved
	moved.slot = int32(i + 1)
	r.list[last] = nil
	r.list = r.list[:last]
	t.slot = 0
}
