package executor

import (
	"sync/atomic"
	"time"
)

// How a Local answers Metrics and Dump: from published snapshots, never by
// taking the loop, so neither waits for a poll and neither needs to know
// which goroutine calls it.
//
//   - Counters are the poller's plain fields (poll.go), copied to atomics
//     every coarseEvery polls, before each park and when a Run or
//     RunUntilStalled returns: exact while the loop is parked or idle, at
//     most coarseEvery polls old while it runs.
//   - The task list is the registry (task_registry.go), whose mutex a poll
//     takes only to list or unlist a task; each task's dump fields are
//     what its last Pending poll published (task.go, rule 6).
//
// localPub is the part of the snapshot that is the Local's own.
type localPub struct {
	// depth is the run queue's length at the last publish.
	depth atomic.Int64
	// awake is the total of the closed awake spans (inside Run or
	// RunUntilStalled, not parked), in nanoseconds; since is when the open
	// span began (nanoseconds since the poller clock's epoch, plus 1 so
	// that 0 means none).
	awake atomic.Int64
	since atomic.Int64
}

// Metrics returns a snapshot of the executor's counters. Safe from any
// goroutine, including from inside one of the executor's tasks, at any
// time; it never waits for the loop. The counters are exact while no Run
// or RunUntilStalled is going, or while the loop is parked; during a burst
// of polls they may lag by up to 64 polls (TasksAlive may then briefly
// overcount). Cost: a few dozen atomic loads and one small allocation.
func (e *Local) Metrics() Metrics {
	s := e.p.pub.load()
	m := Metrics{
		TasksSpawned: e.spawns.Count(), // after the completions: never fewer
		InjectDepth:  int(e.pub.depth.Load()),
		TimersArmed:  e.timers.Armed(),
	}
	if r := e.io.Loaded(); r != nil {
		m.IORegistrations = r.Registrations()
	}
	s.addTo(&m)
	if m.TasksSpawned > m.TasksCompleted {
		m.TasksAlive = m.TasksSpawned - m.TasksCompleted
	}
	busy := e.pub.awake.Load()
	if since := e.pub.since.Load(); since != 0 {
		busy += max(e.p.clock.read()-(since-1), 0)
	}
	m.Workers = []WorkerMetrics{{Polls: s.polls, Busy: time.Duration(busy)}}
	return m
}

// Dump lists every live task that has been polled at least once (a task
// still waiting for its first poll is counted only in
// [Metrics].TasksAlive) and the main future of a Run in progress: name,
// state, poll count, time since its last poll and what it waits on, in
// spawn order. The figures are those of each task's last
// Pending poll; a task being polled right now shows as [TaskRunning]. Safe
// from any goroutine at any time, including from inside a task; it never
// waits for the loop. After Close it is empty.
func (e *Local) Dump() TaskDump {
	return dumpOf(e.reg.snapshot(), e.p.clock.read(), []*pollWatch{&e.p.watch})
}

// publish copies the loop's counters for Metrics. Caller owns the loop.
func (e *Local) publish() {
	e.p.publish()
	if d := int64(e.ready.Len()); e.pub.depth.Load() != d {
		e.pub.depth.Store(d)
	}
}

// startAwake and stopAwake bracket the time the loop is awake inside a
// Run or RunUntilStalled (one clock read each; a RunUntilStalled with
// nothing to do reads no clock). Caller owns the loop.
func (e *Local) startAwake() {
	now := e.p.clock.tick()
	e.pub.since.Store(now + 1)
	e.awake = true
}

func (e *Local) stopAwake() {
	if !e.awake {
		return
	}
	e.awake = false
	now := e.p.clock.tick()
	e.pub.awake.Add(max(now-(e.pub.since.Load()-1), 0))
	e.pub.since.Store(0)
}
