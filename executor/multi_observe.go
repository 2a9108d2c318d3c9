package executor

import (
	"sync/atomic"
	"time"
)

// How a Multi answers Metrics and Dump: from what the workers publish,
// never by stopping them.
//
//   - Each worker's counters are its poller's plain fields (poll.go),
//     copied to atomics every coarseEvery polls and at each park (tokio's
//     MetricsBatch); its park times are below.
//   - The task list is the registry (task_registry.go); each task's dump
//     fields are what its last Pending poll published (task.go, rule 6).

// workerTimes is what a worker publishes of its park times. Only the
// worker stores.
type workerTimes struct {
	// idle is the total time parked, in nanoseconds; parkedAt is when the
	// current park began (nanoseconds since Multi.epoch, plus 1 so that 0
	// means awake); exitAt is when the worker exited (same encoding, 0
	// while running).
	idle     atomic.Int64
	parkedAt atomic.Int64
	exitAt   atomic.Int64
	_        [64]byte // keep the next worker's fields off this cache line
}

// busy is the time the worker has been awake since NewMulti, at now
// (nanoseconds since epoch).
func (p *workerTimes) busy(now int64) time.Duration {
	if x := p.exitAt.Load(); x != 0 {
		now = x - 1
	}
	idle := p.idle.Load()
	if at := p.parkedAt.Load(); at != 0 {
		idle += max(now-(at-1), 0)
	}
	return time.Duration(max(now-idle, 0))
}

// parkStart and parkEnd bracket a worker's sleep: a park in the metrics,
// its time taken off the worker's busy time, and the buffered trace
// events handed over (the worker may sleep for long). Worker only.
func (w *worker) parkStart() {
	w.p.stats.parks++
	w.p.flushTrace()
	w.p.publish()
	w.times.parkedAt.Store(w.p.clock.tick() + 1)
}

func (w *worker) parkEnd() {
	now := w.p.clock.tick()
	w.times.idle.Add(max(now-(w.times.parkedAt.Load()-1), 0))
	w.times.parkedAt.Store(0)
	if !w.m.closed.Load() {
		w.p.stats.unparks++
	}
}

// Metrics returns a snapshot of the executor's counters, summed over the
// workers. It takes no lock and stops nobody: each worker publishes its
// own counters (plain increments, copied with atomic stores every 64
// polls and at each park), so a busy worker's figures may lag by up to 64
// polls; they are exact once the workers are parked. TasksAlive is
// computed from those figures, so it may briefly overcount. Safe from any
// goroutine, including the executor's own tasks.
func (m *Multi) Metrics() Metrics {
	out := Metrics{
		TasksCompleted: m.otherDone.Load(),
		InjectDepth:    m.inject.depth(),
		TimersArmed:    m.timers.Armed(),
		Workers:        make([]WorkerMetrics, len(m.workers)),
	}
	if m.reactor != nil && !m.stopped.Load() {
		out.IORegistrations = m.reactor.Registrations()
	}
	now := int64(time.Since(m.epoch))
	for i, w := range m.workers {
		s := w.p.pub.load()
		s.addTo(&out)
		out.Workers[i] = WorkerMetrics{Polls: s.polls, Steals: s.steals, Busy: w.times.busy(now)}
	}
	// Loaded after the completions, so never fewer: a task is counted
	// (numbered) before it is queued.
	out.TasksSpawned = uint64(m.lastID.Load())
	for _, w := range m.workers {
		out.TasksSpawned += w.inbox.q.Count()
	}
	if out.TasksSpawned > out.TasksCompleted {
		out.TasksAlive = out.TasksSpawned - out.TasksCompleted
	}
	return out
}

// Dump lists the live tasks that have been polled at least once (a task
// still waiting for its first poll sits in a queue and is counted only in
// [Metrics].TasksAlive), with name, state, poll count, time since its last
// poll and what it waits on, in spawn order. The figures are those of each
// task's last Pending poll; a task being polled right now shows as
// [TaskRunning]. It stops nobody and never waits for a poll. Safe from any
// goroutine, including the executor's own tasks; empty after Close.
func (m *Multi) Dump() TaskDump {
	watches := make([]*pollWatch, len(m.workers))
	for i, w := range m.workers {
		watches[i] = &w.p.watch
	}
	return dumpOf(m.reg.snapshot(), int64(time.Since(m.epoch)), watches)
}
