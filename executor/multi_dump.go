package executor

import (
	"slices"
	"time"
)

// How a Multi takes a task dump: a short stop-the-world.
//
// A task's dump fields (polls, lastPoll, waitingOn) are plain fields
// written by whichever worker polls it, so they may be read only while no
// poll can run. Dump therefore brings every worker to a halt between two
// polls, reads, and lets them go. Each worker's stw word says where it is:
//
//	wsRunning  → wsSleeping  the worker is about to sleep (park); it then
//	                         looks for a round and nudges its inspector
//	wsSleeping → wsRunning   the worker woke up (CAS: fails while held)
//	wsSleeping → wsHeld      an inspector holds the sleeper: on waking it
//	                         waits for the round to end before polling
//	wsHeld     → wsSleeping  the inspector lets it go
//	wsRunning  → wsPaused    the worker saw a round at the top of its loop
//	                         (one atomic load per turn) and waits in it
//	wsPaused   → wsRunning   the inspector lets it go (the inspector, not
//	                         the worker, so that a later round never sees a
//	                         stale wsPaused)
//	any        → wsExited    the worker returned (Close)
//
// The store of wsSleeping and the inspector's store of the round are both
// sequentially consistent and each side loads the other's afterwards, so
// an inspector never waits for a worker that went to sleep unseen. Cost
// while nobody dumps: one atomic load per worker turn. A Dump waits for
// the polls in progress to end.
const (
	wsRunning int32 = iota
	wsSleeping
	wsHeld
	wsPaused
	wsExited
)

// stwRound is one Dump's stop: workers signal ack when they reach a halt,
// and wait for resume.
type stwRound struct {
	ack    chan struct{}
	resume chan struct{}
}

// nudge tells the inspector to look at the workers again; never blocks
// (a full channel already holds a nudge).
func (r *stwRound) nudge() {
	select {
	case r.ack <- struct{}{}:
	default:
	}
}

// safepoint halts w for the round r. Worker only, between polls.
func (w *worker) safepoint(r *stwRound) {
	w.stw.Store(wsPaused)
	r.nudge()
	<-r.resume // the inspector set wsRunning again before closing it
}

// beginSleep and endSleep bracket w's park for the stop protocol.
func (w *worker) beginSleep() {
	w.stw.Store(wsSleeping)
	if r := w.m.stwReq.Load(); r != nil {
		r.nudge()
	}
}

func (w *worker) endSleep() {
	for !w.stw.CompareAndSwap(wsSleeping, wsRunning) {
		// Held by an inspector, which sets wsSleeping again before it
		// clears the round: wait for the round's end.
		if r := w.m.stwReq.Load(); r != nil {
			<-r.resume
		}
	}
}

// exitStop marks w gone for good. Worker only, as it returns.
func (w *worker) exitStop() {
	w.stw.Store(wsExited)
	if r := w.m.stwReq.Load(); r != nil {
		r.nudge()
	}
}

// Dump lists the live tasks that have been polled at least once (a task
// still waiting for its first poll sits in a queue and is counted only in
// [Metrics].TasksAlive), with name, state, poll count, time since its last
// poll and what it waits on, in spawn order. It stops every worker between
// two polls for the time of the read (see above), so it waits for the
// polls in progress; called from one of the executor's own tasks it stops
// the others and reports its caller as running. Safe from any goroutine;
// empty after Close.
func (m *Multi) Dump() TaskDump {
	m.inspectMu.Lock()
	defer m.inspectMu.Unlock()
	if m.stopped.Load() {
		return TaskDump{}
	}
	self := -1
	id := goid()
	for i, w := range m.workers {
		if w.gid.Load() == id {
			self = i
		}
	}
	r := &stwRound{ack: make(chan struct{}, 1), resume: make(chan struct{})}
	m.stwReq.Store(r)
	var held, paused []*worker
	halted := make([]bool, len(m.workers))
	for {
		all := true
		for i, w := range m.workers {
			if i == self || halted[i] {
				continue
			}
			switch w.stw.Load() {
			case wsSleeping:
				if w.stw.CompareAndSwap(wsSleeping, wsHeld) {
					held = append(held, w)
					halted[i] = true
				} else {
					all = false // it just woke up: it will pause at its next turn
				}
			case wsPaused:
				paused = append(paused, w)
				halted[i] = true
			case wsExited:
				halted[i] = true
			default:
				all = false
			}
		}
		if all {
			break
		}
		<-r.ack
	}
	d := m.dumpTasks()
	for _, w := range held {
		w.stw.Store(wsSleeping)
	}
	for _, w := range paused {
		w.stw.Store(wsRunning)
	}
	m.stwReq.Store(nil)
	close(r.resume)
	return d
}

// dumpTasks reads the registry. No poll runs but perhaps the caller's.
func (m *Multi) dumpTasks() TaskDump {
	m.regMu.Lock()
	ts := slices.Clone(m.reg.list)
	m.regMu.Unlock()
	slices.SortFunc(ts, byID)
	now := int64(time.Since(m.epoch))
	d := make(TaskDump, 0, len(ts))
	for _, t := range ts {
		if !t.state.IsComplete() {
			d = append(d, taskInfo(t, nil, now))
		}
	}
	return d
}
