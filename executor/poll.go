package executor

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/internal/taskstate"
	"github.com/kettle-rt/kettle/waker"
)

// poller is the one poll path, shared by both executors: a Local's loop
// has one, each Multi worker has one. Everything in it is owned by the
// goroutine that polls (the loop's owner, or the worker), except pub and
// watch, which it publishes for other goroutines.
//
// What a poll costs here, observers off: the state transitions, five
// stores into the reused Context, a few plain counter increments, and on a
// Pending poll the task's uncontended publication lock (task.go, rule 6).
// Observers (the blocking detector's window, the trace) add one branch
// when off.
type poller struct {
	cx  *future.Context // one per poller, reused for every poll
	st  *taskcx.State   // cx's executor-facing side (package internal/taskcx)
	reg *registry       // the executor's registry
	// shard is the registry shard this poller lists tasks in
	// (registry.shardOf of the worker index; 0 on a Local).
	shard int
	// home is 1 + the worker index on a Multi (stored into task.home so
	// that wakes route to this worker's LIFO slot); 0 on a Local.
	home int32

	stats loopStats // owned; published to pub (metrics.go)
	pub   statsPub
	clock loopClock

	// observed is watched || trace != nil: one branch per poll when off.
	observed bool
	// watched: bracket each poll with watch.begin/end. Always on for a
	// Multi worker (wake routing reads it); on a Local while a blocking
	// detector runs. The detector samples it, and a dump shows from it
	// how long a task has been stuck in a poll.
	watched bool
	// lazyEnd: leave each poll's window open until the next begin or
	// idle (a Local: one store per poll instead of two); false on a Multi
	// worker, whose wake routing reads the parity. Set once, at init.
	lazyEnd bool
	watch   pollWatch
	trace   *tracePoller // nil unless tracing
}

// pollResult is what poller.run did with a task.
type pollResult uint8

const (
	// pollSkipped: the task was not Scheduled (Close or a deadlock report
	// claimed it while it sat in a queue): forget it.
	pollSkipped pollResult = iota
	// pollFinished: the task completed (Ready, panicked, or dropped after
	// an Abort); its handle holds the outcome.
	pollFinished
	// pollIdle: Pending; the task waits for a wake.
	pollIdle
	// pollRequeue: Pending, and woken or aborted during the poll; the
	// caller must push it on a run queue ("now it is our job").
	pollRequeue
)

func (p *poller) init(reg *registry, shard int) {
	p.reg, p.shard = reg, shard
	p.cx = future.NewContext(waker.Noop())
	p.st = taskcx.Of(p.cx)
	p.clock.init()
}

// setObservers recomputes observed after watched or trace changed.
func (p *poller) setObservers() { p.observed = p.watched || p.trace != nil }

// run polls t once, or drops it if it was aborted, and files it by the
// outcome: unlisted when it finished, listed at its first Pending, its
// dump fields published after every Pending poll.
func (p *poller) run(t *task) pollResult {
	out, ok := t.state.TryStartPoll()
	if !ok {
		return pollSkipped
	}
	st := &p.stats
	if out == taskstate.StartCancelled {
		p.idle() // Drop is user code and may take time
		p.reg.remove(t)
		t.drop(ErrAborted)
		st.completed++
		return pollFinished
	}
	cx, ts := p.cx, p.st
	cx.SetWaker(waker.New(t))
	ts.TaskName = t.taskName()
	ts.Budget = future.DefaultBudget
	ts.WaitingOn = nil
	ts.Waits, ts.WakerTaken, ts.Task = 0, false, &t.tok
	if t.pollsSeen() == 0 {
		st.firstPolls++
	}
	st.polls++
	if st.polls%coarseEvery == 0 {
		p.clock.tick()
		p.publish()
	}
	done := p.pollOnce(t, cx)
	if done {
		p.reg.remove(t)
		t.finish()
		st.completed++
		return pollFinished
	}
	t.publish(ts.WaitingOn, p.clock.now, ts)
	if t.listed == 0 {
		// Listed, t is where a Multi's Close looks for tasks to claim,
		// and it must see a running task until EndPoll. One atomic AND
		// at a task's first Pending poll, on a Local too (whose Close
		// runs between polls): cheaper than a second poll path.
		t.state.ClearFresh()
		p.reg.add(t, p.shard)
	}
	// Where a wake finds the task (Multi.schedule): stored only for a task
	// that waits, and before EndPoll makes it wakeable, since a wake during
	// the poll leaves the requeue to this poller. A task that finishes at
	// its first poll (most spawned tasks) pays no atomic store for it.
	if p.home != 0 && t.home.Load() != p.home {
		t.home.Store(p.home)
	}
	if t.state.EndPoll() == taskstate.EndRequeue {
		// A budget down to 0 means a leaf refused to go on and woke the
		// task: a budget yield.
		if ts.Budget == 0 {
			st.budgetYields++
		}
		return pollRequeue
	}
	return pollIdle
}

// pollOnce polls t's future once. The task's poll catches panics; a
// runtime.Goexit cannot be caught, so the deferred call completes the task
// (its poll stored a *PanicError of ErrGoexit) before the goroutine goes
// on ending: a Multi worker's loop then replaces itself (worker.run), a
// Local's loop releases the executor (runMain's defers).
func (p *poller) pollOnce(t *task, cx *future.Context) (done bool) {
	exiting := true
	defer func() {
		if exiting {
			p.goexit(t)
		}
	}()
	if !p.observed {
		done = t.node.Value.poll(cx)
	} else {
		done = p.pollObserved(t, cx)
	}
	exiting = false
	return done
}

// goexit completes t, whose poll called runtime.Goexit, on the way out of
// the goroutine.
func (p *poller) goexit(t *task) {
	if p.watched && p.watch.open() {
		p.watch.end()
	}
	p.reg.remove(t)
	t.finish() // still Running: Complete publishes the stored *PanicError
	p.stats.completed++
	p.publish()
}

// pollObserved polls t with the observers on: the blocking detector's
// window (two atomic stores, no clock read: poll_watch.go) and the trace event
// (two clock reads and an append to a buffer).
func (p *poller) pollObserved(t *task, cx *future.Context) bool {
	var start int64
	if p.trace != nil {
		start = p.trace.now()
	}
	if p.watched {
		p.watch.begin(t, p.clock.now)
	}
	done := t.node.Value.poll(cx) // catches panics: end always runs
	if p.watched && !p.lazyEnd {
		p.watch.end()
	}
	if p.trace != nil {
		p.trace.poll(t, start, done, p.st.WaitingOn)
	}
	return done
}

// idle closes a poll window that lazyEnd left open. The owner calls it
// before anything that is not a poll and may take time, so that the time
// is not taken for the last poll's (by the blocking detector, a dump, or
// Close's message): on a Local before each look at timers and I/O
// (Local.maintain), before parking (Local.park), before a schedule
// picker (Local.next), before moving a spawn burst (Local.drainInject),
// when a Run's loop returns (runMain) and before dropping an aborted task
// (run); poller.goexit closes it on the way out of a Goexit. What is left
// inside the last window is the loop's bookkeeping between two polls: the
// end of the poll in run (publication, listing, the wake of a finished
// task's awaiter) and the drain of the inject queues. Owner only; a load
// of an owner field when the window is closed.
func (p *poller) idle() {
	if p.watch.open() {
		p.watch.end()
	}
}

// publish copies the counters to pub (relaxed in intent: each is a single
// store of a value only this poller writes; readers sum what they see).
func (p *poller) publish() { p.pub.store(&p.stats) }

// flushTrace hands the buffered trace events over (before a park, at the
// end of a Run, at exit).
func (p *poller) flushTrace() {
	if p.trace != nil {
		p.trace.flush()
	}
}
