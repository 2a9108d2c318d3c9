package executor

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// Metrics is a snapshot of an executor's counters, from [Local.Metrics]
// or [Multi.Metrics]. Counters are totals since the executor was built;
// the field names are stable. Counting is always on and costs no atomic
// operation per poll (see the methods for how each executor publishes).
type Metrics struct {
	// TasksSpawned counts tasks started: every [Spawn] call, plus one per
	// [Run] (its main future is a task). [SpawnBlocking] jobs are not tasks.
	TasksSpawned uint64
	// TasksAlive is TasksSpawned - TasksCompleted: tasks not finished yet.
	TasksAlive uint64
	// TasksCompleted counts tasks finished: Ready, panicked, aborted, or
	// dropped by Close or by a deadlock report.
	TasksCompleted uint64
	// Polls counts calls of a task's Poll (a task dropped by Abort before
	// a poll does not count).
	Polls uint64
	// Wakes counts wakes that scheduled a task again after a poll: Polls
	// minus each task's first poll. A wake of a task that is already
	// queued, or of a finished one, is a no-op and is not counted; an
	// abort that queues a task for dropping is not counted either.
	Wakes uint64
	// Steals counts tasks taken from another worker's queue (Multi; 0 on a
	// Local).
	Steals uint64
	// Parks counts the times a worker (a Local's loop) went to sleep for
	// lack of work.
	Parks uint64
	// Unparks counts the times a parked worker (loop) was woken by a wake,
	// a spawn, an I/O event or a timer, rather than by Close or a deadline
	// with nothing due.
	Unparks uint64
	// InjectDepth is the number of tasks waiting in the shared queue at the
	// snapshot: a Multi's global inject queue; a Local's run queue.
	InjectDepth int
	// BudgetYields counts polls that ended Pending because the task's
	// cooperative budget ([future.DefaultBudget]) ran out. Approximation:
	// a poll is counted when its budget is down to 0 and the task woke
	// itself during the poll (what a leaf does when ConsumeBudget says
	// no); a task that spent exactly its budget and then yielded for
	// another reason is counted too.
	BudgetYields uint64
	// TimersArmed is the number of timers waiting in the executor's timer
	// driver.
	TimersArmed int
	// IORegistrations is the number of file descriptors registered with
	// the executor's reactor (0 if it has none, or a Local never did I/O).
	IORegistrations int
	// Workers has one entry per worker goroutine of a Multi; a Local has
	// exactly one, its loop.
	Workers []WorkerMetrics
}

// WorkerMetrics are the counters of one worker (or of a Local's loop).
type WorkerMetrics struct {
	// Polls counts the polls this worker made.
	Polls uint64
	// Steals counts the tasks this worker took from others (Multi).
	Steals uint64
	// Busy is the time this worker spent awake: not parked. It is measured
	// at park and unpark transitions (two clock reads per park, none per
	// poll), so it includes the scheduler's own work between polls. A
	// Local's loop is busy only inside Run and RunUntilStalled.
	Busy time.Duration
}

// String formats the snapshot on a few lines, for logs.
func (m Metrics) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tasks: %d spawned, %d alive, %d completed\n", m.TasksSpawned, m.TasksAlive, m.TasksCompleted)
	fmt.Fprintf(&b, "polls: %d (wakes %d, budget yields %d, steals %d)\n", m.Polls, m.Wakes, m.BudgetYields, m.Steals)
	fmt.Fprintf(&b, "parks: %d, unparks: %d, inject depth: %d, timers armed: %d, io registrations: %d",
		m.Parks, m.Unparks, m.InjectDepth, m.TimersArmed, m.IORegistrations)
	for i, w := range m.Workers {
		fmt.Fprintf(&b, "\nworker %d: %d polls, %d steals, busy %v", i, w.Polls, w.Steals, w.Busy.Round(time.Microsecond))
	}
	return b.String()
}

// loopStats are the counters of one poller (a Local's loop, or a Multi
// worker), owned by that poller's goroutine: plain fields, incremented
// without atomics, copied to a statsPub now and then (tokio's
// MetricsBatch).
type loopStats struct {
	polls        uint64
	firstPolls   uint64 // polls that were a task's first
	completed    uint64
	steals       uint64
	parks        uint64
	unparks      uint64
	budgetYields uint64
}

// addTo sums s into m.
func (s *loopStats) addTo(m *Metrics) {
	m.Polls += s.polls
	m.Wakes += s.polls - s.firstPolls
	m.TasksCompleted += s.completed
	m.Steals += s.steals
	m.Parks += s.parks
	m.Unparks += s.unparks
	m.BudgetYields += s.budgetYields
}

// statsPub is what a poller publishes of its loopStats, for Metrics on
// other goroutines. Only the poller stores (monotonically increasing
// values: every coarseEvery polls, at each park, at the end of a Run), so
// the stores never contend and a reader never stops the poller; readers
// see counters at most coarseEvery polls old, and exact ones while the
// poller is parked or its Run has returned. The poller's store happens
// before a load that observes it; nothing else is ordered by them.
type statsPub struct {
	polls, firstPolls, completed, steals, parks, unparks, budgetYields atomic.Uint64
}

// store copies s. Poller only. Counters that did not move are not stored
// again, so an idle publish costs seven plain loads.
func (p *statsPub) store(s *loopStats) {
	set := func(a *atomic.Uint64, v uint64) {
		if a.Load() != v {
			a.Store(v)
		}
	}
	set(&p.polls, s.polls)
	set(&p.firstPolls, s.firstPolls)
	set(&p.completed, s.completed)
	set(&p.steals, s.steals)
	set(&p.parks, s.parks)
	set(&p.unparks, s.unparks)
	set(&p.budgetYields, s.budgetYields)
}

// load reads the published counters.
func (p *statsPub) load() loopStats {
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
