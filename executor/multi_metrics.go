package executor

import (
	"sync/atomic"
	"time"
)

// workerPub is what a worker publishes of its loopStats, for Metrics on
// other goroutines. Only the worker stores (monotonically increasing
// values, every coarseEvery polls and at each park), so the stores never
// contend; readers see counters at most coarseEvery polls old, and exact
// ones while the worker is parked.
type workerPub struct {
	polls, firstPolls, completed, steals, parks, unparks, budgetYields atomic.Uint64
	// idle is the total time parked, in nanoseconds; parkedAt is when the
	// current park began (nanoseconds since Multi.epoch, plus 1 so that 0
	// means awake); exitAt is when the worker exited (same encoding, 0
	// while running).
	idle     atomic.Int64
	parkedAt atomic.Int64
	exitAt   atomic.Int64
	_        [64]byte // keep the next worker's fields off this cache line
}

// publish copies w's counters. Worker only.
func (w *worker) publish() {
	s, p := &w.stats, &w.pub
	p.polls.Store(s.polls)
	p.firstPolls.Store(s.firstPolls)
	p.completed.Store(s.completed)
	p.steals.Store(s.steals)
	p.parks.Store(s.parks)
	p.unparks.Store(s.unparks)
	p.budgetYields.Store(s.budgetYields)
}

// read loads the published counters.
func (p *workerPub) read() loopStats {
	return loopStats{
		polls:        p.polls.Load(),
		firstPolls:   p.firstPolls.Load(),
		completed:    p.completed.Load(),
		steals:       p.steals.Load(),
		parks:        p.parks.Load(),
		unparks:      p.unparks.Load(),
		budgetYields: p.budgetYields.Load(),
	}
}

// busy is the time the worker has been awake since NewMulti, at now
// (nanoseconds since epoch).
func (p *workerPub) busy(now int64) time.Duration {
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
	w.stats.parks++
	if w.trace != nil {
		w.trace.flush()
	}
	w.publish()
	w.pub.parkedAt.Store(w.clock.tick() + 1)
}

func (w *worker) parkEnd() {
	now := w.clock.tick()
	w.pub.idle.Add(max(now-(w.pub.parkedAt.Load()-1), 0))
	w.pub.parkedAt.Store(0)
	if !w.m.closed.Load() {
		w.stats.unparks++
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
		TasksSpawned:   uint64(m.lastID.Load()),
		TasksCompleted: m.otherDone.Load(),
		InjectDepth:    m.inject.depth(),
		TimersArmed:    m.armedTimers(),
		Workers:        make([]WorkerMetrics, len(m.workers)),
	}
	if m.reactor != nil && !m.stopped.Load() {
		out.IORegistrations = m.reactor.Registrations()
	}
	now := int64(time.Since(m.epoch))
	for i, w := range m.workers {
		s := w.pub.read()
		s.addTo(&out)
		out.Workers[i] = WorkerMetrics{Polls: s.polls, Steals: s.steals, Busy: w.pub.busy(now)}
	}
	if out.TasksSpawned > out.TasksCompleted {
		out.TasksAlive = out.TasksSpawned - out.TasksCompleted
	}
	return out
}

// armedTimers is the number of armed timers for Metrics.
func (m *Multi) armedTimers() int { return m.timers.Armed() }
