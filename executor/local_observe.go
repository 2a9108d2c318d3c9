package executor

import (
	"runtime"
	"slices"
	"time"

	"github.com/kettle-rt/kettle/internal/taskstate"
)

// How a Local answers Metrics and Dump without a lock on its hot path.
//
// The loop's counters, registry and task fields are loop-owned plain
// fields: only the goroutine that owns the loop (Local.owner) may read
// them. An inspection (Metrics, Dump) therefore runs as that owner:
//
//  1. On the loop's own goroutine (a task calling Dump during its poll;
//     Local.loopG tells), the caller already owns the loop: it reads.
//  2. Otherwise the caller posts a request in Local.pending and claims
//     the loop itself if nobody owns it (owner ownerIdle → ownerInspect).
//     If a Run or RunUntilStalled owns it, the loop answers between two
//     polls (one atomic load per turn), before it parks (park re-checks
//     pending after storing parked; the requester unparks it after
//     storing pending: one of the two sees the other), or when it
//     releases the loop (release answers, stores ownerIdle, then re-checks
//     pending: a request posted after that finds the loop idle and
//     claims it).
//
// So an inspection waits at most for the poll in progress. Claimers of
// the loop (Run, RunUntilStalled, Close) wait out an inspection instead
// of failing with ErrRunning (see Local.claim). An unpark caused by an
// inspection restarts the deadlock grace period.
type inspectReq struct {
	dump    bool
	metrics Metrics
	tasks   TaskDump
	done    chan struct{} // closed once the request is answered
}

// Metrics returns a snapshot of the executor's counters. Exact: it is
// taken by the loop's owner between two polls (see above), so it may wait
// for the poll in progress. Safe from any goroutine, including from inside
// one of the executor's tasks. Cost: a channel and a few hundred
// nanoseconds; about a microsecond more while a Run is going (a goroutine
// id lookup).
func (e *Local) Metrics() Metrics { return e.inspect(false).metrics }

// Dump lists every live task: name, state, poll count, time since its
// last poll and what it waits on. Like Metrics it is taken by the loop's
// owner between two polls; safe from any goroutine at any time. After
// Close it is empty.
func (e *Local) Dump() TaskDump { return e.inspect(true).tasks }

func (e *Local) inspect(dump bool) *inspectReq {
	r := &inspectReq{dump: dump, done: make(chan struct{})}
	if g := e.loopG.Load(); g != 0 && g == goid() {
		e.fill(r) // case 1: we are the loop, inside a poll
		return r
	}
	e.inspectMu.Lock()
	defer e.inspectMu.Unlock()
	e.pending.Store(r)
	e.tryServe()
	if e.parked.Load() {
		e.notify()
	}
	<-r.done
	return r
}

// claim takes the loop for a Run, RunUntilStalled or Close, waiting out
// an inspection in progress; false if a Run or RunUntilStalled holds it.
// The claimer's goroutine id is recorded for case 1 above.
func (e *Local) claim() bool {
	for !e.owner.CompareAndSwap(ownerIdle, ownerBusy) {
		switch e.owner.Load() {
		case ownerBusy:
			return false
		case ownerInspect:
			// Inspections read counters and a task list: microseconds.
			runtime.Gosched()
		}
		// ownerIdle: the inspection just ended; try again.
	}
	e.loopG.Store(goid())
	return true
}

// tryServe answers pending requests if it can claim the idle loop.
func (e *Local) tryServe() {
	for e.pending.Load() != nil && e.owner.CompareAndSwap(ownerIdle, ownerInspect) {
		e.serve()
		e.owner.Store(ownerIdle)
	}
	if e.closed.Load() && !e.inject.Empty() {
		e.reap() // a push after Close that a reap could not claim for us
	}
}

// serve answers a pending request. Caller owns the loop.
func (e *Local) serve() {
	if r := e.pending.Swap(nil); r != nil {
		e.fill(r)
		close(r.done)
	}
}

// fill computes the answer. Caller owns the loop.
func (e *Local) fill(r *inspectReq) {
	if !e.closed.Load() {
		e.drainInject() // tasks spawned but not seen yet are live tasks too
	}
	m := Metrics{
		TasksSpawned: e.spawned.Load(),
		InjectDepth:  e.ready.Len(),
		TimersArmed:  e.timers.Armed(),
	}
	if rr := e.io.Loaded(); rr != nil {
		m.IORegistrations = rr.Registrations()
	}
	e.stats.addTo(&m)
	if m.TasksSpawned > m.TasksCompleted {
		m.TasksAlive = m.TasksSpawned - m.TasksCompleted
	}
	busy := e.awake
	if !e.awakeSince.IsZero() {
		busy += time.Since(e.awakeSince)
	}
	m.Workers = []WorkerMetrics{{Polls: e.stats.polls, Busy: busy}}
	r.metrics = m
	if r.dump && !e.closed.Load() {
		r.tasks = e.dumpTasks()
	}
}

// dumpTasks lists the live tasks in the order the loop first saw them.
// Caller owns the loop.
func (e *Local) dumpTasks() TaskDump {
	ts := slices.Clone(e.tasks.list)
	for i := 0; i < e.ready.Len(); i++ {
		if t := e.ready.At(i); t.slot == 0 {
			ts = append(ts, t) // never returned Pending yet: not listed
		}
	}
	for _, t := range []*task{e.main, e.running} {
		if t != nil && t.slot == 0 && !t.state.IsComplete() && !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, byID)
	now := e.clock.read()
	d := make(TaskDump, 0, len(ts))
	for _, t := range ts {
		if t.state.Load()&taskstate.Complete == 0 {
			d = append(d, taskInfo(t, e.running, now))
		}
	}
	return d
}

// startAwake and stopAwake bracket the time the loop is awake inside a
// Run or RunUntilStalled (two clock reads per call, two per park).
func (e *Local) startAwake() {
	e.awakeSince = time.Now()
	e.clock.now = int64(e.awakeSince.Sub(e.clock.epoch))
}

func (e *Local) stopAwake() {
	if !e.awakeSince.IsZero() {
		e.awake += time.Since(e.awakeSince)
		e.awakeSince = time.Time{}
	}
}
