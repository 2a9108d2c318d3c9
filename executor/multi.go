package executor

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/timerctl"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/timer"
)

// Multi is the work-stealing executor: a kitchen with several chefs'
// stations. It runs tasks on [Workers] worker goroutines, in parallel, so
// a task's future must be safe to poll from any goroutine (one poll at a
// time: a task is never polled by two workers at once, and a wake during
// a poll re-queues it after that poll).
//
// Each worker has a fixed-size local ring (its own pushes and pops are
// lock-free; idle workers steal half of a busy one's ring in one step), a
// LIFO slot that takes the task woken by its running task, an inbox that
// takes the tasks its running task spawns (moved into the ring after the
// poll), and shares a global inject queue that takes spawns and wakes from
// outside the workers and ring overflow, checked every 61 polls for
// fairness. Which worker "its running task" is on comes from the
// processor (P) the caller runs on (see spawn and schedule): a hint, never
// needed for correctness. Idle workers park; at most half of them search for work at a
// time; one parked worker waits in the reactor (I/O readiness) on behalf
// of all. Each poll gets the cooperative budget [future.DefaultBudget].
//
// [Run], [Spawn], [SpawnBlocking], [JoinHandle.Abort] and [Multi.Close]
// are safe from any goroutine. [Run] spawns its future as the task "main"
// and blocks the caller until it is ready (tokio's block_on on a
// multi-threaded runtime); several Runs may go on at once.
// [SpawnBlocking] jobs run on a bounded pool (512 goroutines; more jobs
// queue) whose idle goroutines exit after 10 s. A poll that runs longer
// than [BlockingThreshold] is reported once per task.
//
// NewMulti starts the workers; [Multi.Close] stops them. A Multi must be
// built with [NewMulti].
//
// Costs: see package bench (BenchmarkMulti*). A Multi task costs about
// 1.15-1.2 times a [Local] task in CPU (skynet on Multi(1), collector
// off): a spawn goes through its worker's inbox, a queue any goroutine
// may push on, where a Local's loop owns its spawn queue, and every poll
// opens a poll window, which routes wakes. On two cores, ping-pong pairs
// and TCP echo run 1.3-1.7x faster than on a Local (README, Performance);
// a workload that allocates a task tree as fast as it can (skynet, a
// million live tasks) runs 3-12% faster on Multi(2), less than its two
// cores suggest because the garbage collector, marking for much of the
// run, takes part of the second core from the workers, while a Local
// leaves it that core. Task ids are unique without a shared counter:
// worker i of W numbers the tasks spawned into its inbox i+1,
// i+1+(W+1), ...; every other task (main, spawns made off the workers)
// takes a multiple of W+1. A chain of spawns, each
// task spawning the next, stays on one worker: a spawn that finds its
// worker with nothing else queued wakes no parked worker, and the task
// runs when the spawning poll ends (behind a poll that runs on, it is
// rescued once the blocking detector has seen that poll last a sampling
// period, a quarter of [BlockingThreshold]: 25-50 ms by default; with
// detection off, it waits for the poll's end, as in tokio's LIFO slot).
type Multi struct {
	cfg     config
	workers []*worker

	inject multiInject
	idle   idleSet
	// onP[p] is the worker that last began a poll on P p (notePin): a
	// hint for spawn, which cannot tell which goroutine calls it.
	onP     []atomic.Pointer[worker]
	reactor *reactor.Reactor // nil if the platform has none
	timers  *timer.Driver    // shared by all workers (thread-safe); see multi_timer.go
	tops    timerctl.Ops     // timers' executor-only operations
	// driverBusy is held (true) by the one worker inside reactor.Wait: a
	// parked driver-holder, or a busy worker's maintenance turn.
	driverBusy atomic.Bool
	services   *future.Services
	pool       *blockingPool
	watch      *watchdog

	// closed is set once by Close; Spawn and wakes that see it drop their
	// task (see reap). stopped is set after the workers have exited.
	closed  atomic.Bool
	stopped atomic.Bool
	stop    chan struct{} // closed by Close: parked workers exit
	running sync.WaitGroup
	// closeWait is CloseWait; tests shorten it.
	closeWait time.Duration

	// blocking counts SpawnBlocking jobs in flight (deadlock detection).
	blocking atomic.Int64
	// unparks counts worker unparks: activity that restarts a deadlock
	// grace period.
	unparks atomic.Uint64
	// lastID counts the tasks numbered outside the workers' inboxes: main
	// tasks, spawns made off the workers, spawns after Close (outsideID).
	// Each inbox counts its own (its queue.Chain numbers what it queues).
	lastID atomic.Uint32

	// The tasks' classes (task.go); their schedule is m.schedule. Set by
	// NewMulti.
	executorClasses
	reg registry // tasks that returned Pending and are unfinished

	quietMu sync.Mutex
	quiet   chan struct{} // closed and replaced when every worker has parked

	// Observability (multi_observe.go, trace.go).
	epoch     time.Time     // origin of the workers' coarse clocks
	otherDone atomic.Uint64 // tasks completed off the workers (Close, Run, spawn after Close)
}

// NewMulti returns a work-stealing executor and starts its workers, its
// reactor (if the platform has one) and its blocking detector. Options:
// [Workers] (default runtime.GOMAXPROCS(0)), [DeadlockGrace], [StallAfter],
// [Logger], [BlockingThreshold], [BlockingReporter], [Trace] or a [*Tracer].
//
// Panics naming the call and the option on a nil option or an invalid
// value ("executor.NewMulti: Workers(0): need at least 1 worker"), and on
// the options that only a [Local] accepts: [Seed], [MaxPolls] and a
// [Clock] other than the real one.
func NewMulti(opts ...Option) *Multi {
	m := &Multi{
		cfg:       buildConfig("NewMulti", opts),
		services:  &future.Services{},
		stop:      make(chan struct{}),
		quiet:     make(chan struct{}),
		epoch:     time.Now(),
		closeWait: CloseWait,
	}
	m.setClasses(m.schedule)
	m.pool = newBlockingPool(m.cfg.poolMax, m.cfg.poolIdle)
	n := m.cfg.workers
	m.onP = make([]atomic.Pointer[worker], runtime.GOMAXPROCS(0))
	m.newTimers()
	provideOffload(m, m.services)
	if m.cfg.logger != nil {
		m.timers.SetLogger(m.cfg.logger)
	}
	if r, err := reactor.New(); err == nil {
		if m.cfg.logger != nil {
			r.SetLogger(m.cfg.logger)
		}
		m.reactor = r
		r.Provide(m.services)
	}
	m.reg.init(n) // a shard per worker, up to maxShards: before any worker lists a task
	m.workers = make([]*worker, n)
	slots := make([]*pollWatch, n)
	for i := range m.workers {
		m.workers[i] = newWorker(m, i)
		slots[i] = &m.workers[i].p.watch
	}
	if m.cfg.tracer != nil {
		names := make([]string, n)
		for i := range names {
			names[i] = "worker " + strconv.Itoa(i)
		}
		for i, p := range newTracePoller(m.cfg.tracer, nil, "Multi", names) {
			// Written at every poll: moved into the worker (see worker.cx).
			w := m.workers[i]
			w.trace = *p
			w.p.trace = &w.trace
			w.p.setObservers()
		}
	}
	m.idle.init(n)
	m.watch = newWatchdog(&m.cfg, slots, reportedSet{}, &m.reg)
	if m.watch != nil {
		m.watch.rescue = m.rescue
	}
	m.watch.start()
	m.running.Add(n)
	for _, w := range m.workers {
		go w.run()
	}
	return m
}

// spawn implements Executor. Safe from any goroutine; allocates nothing.
//
// Routing: tokio pushes a task spawned from a worker onto that worker's
// own queue, finding "the current worker" in a thread-local. Go has no
// goroutine-local storage, so Kettle asks the runtime which P (processor)
// the caller runs on (procPin, multi_pin.go): if the worker that last
// began a poll on that P is polling now, the caller is almost always that
// worker's goroutine (inside a task's poll), and the task goes to that
// worker's inbox, a queue it moves into its own ring between polls:
// the task runs there, warm in cache, and neither the inject queue's line
// nor the task crosses cores. The guess can be wrong (the worker was
// preempted and another goroutine runs on its P); that costs locality,
// and behind a poll that blocks, time: an inbox is safe from any
// goroutine, its owner drains it after the poll it is in, idle workers
// steal from it, and parkers look at it like at the inject queue
// (multi_park.go). A spawn into an inbox wakes a parked worker only when
// the task waits behind other work (pushInbox), as a wake into a LIFO
// slot does, so a task behind a poll that blocks waits for the blocking
// detector's rescue (or for the poll's end, with the detector off).
// Otherwise the task goes to the inject queue.
//
// Numbering: ids are unique, and with W workers they come from W+1
// disjoint series, so that no two spawners share a counter: the inbox of
// worker i numbers what is spawned into it i+1, i+1+(W+1), ... as it
// queues it (queue.Chain.Numbering: under the lock the push takes anyway,
// no atomic operation of its own), and everything else takes W+1,
// 2(W+1), ... (outsideID). Within a series ids follow spawn order; across
// series they interleave.
func (m *Multi) spawn(t *task) {
	t.join(&m.class)
	w := m.spawnTarget()
	if m.closed.Load() {
		t.id = m.outsideID()
		t.state.Init(false)
		t.state.Claim()
		t.drop(ErrClosed)
		m.otherDone.Add(1)
		return
	}
	// Fresh (taskstate.Fresh): whoever takes it from its queue (a worker,
	// a thief, Close) owns it and starts its first poll without a
	// compare-and-swap; nobody else can find it before that poll.
	t.state.InitFresh()
	if w != nil {
		m.pushInbox(w, t, &t.id)
		return
	}
	t.id = m.outsideID()
	m.pushInject(t)
}

// outsideID numbers a task that no inbox numbers: the k-th gets k(W+1)
// (see spawn). Any goroutine.
func (m *Multi) outsideID() uint32 {
	return m.lastID.Add(1) * uint32(len(m.workers)+1)
}

// workerOnP returns the worker that last began a poll on the caller's P
// (notePin), or nil: a hint of which worker the caller is.
func (m *Multi) workerOnP() *worker {
	p := currentP()
	if p >= len(m.onP) {
		return nil
	}
	return m.onP[p].Load()
}

// spawnTarget returns the worker whose inbox a spawn by the caller should
// use, or nil for the inject queue: the worker recorded on the caller's P,
// if it is polling.
func (m *Multi) spawnTarget() *worker {
	if w := m.workerOnP(); w != nil && w.p.watch.polling() {
		return w
	}
	return nil
}

// pushInbox queues t in w's inbox and makes sure some worker will look at
// it: w after its poll or at its next turn, or, if w is parked or stuck,
// a parked worker woken to steal it (notifyParked costs two loads when
// every worker is busy). Spawns made on w and wakes made between w's
// polls (schedule) come here.
//
// It wakes a parked worker only if t waits behind other work of w's or w
// is not polling: a task queued while w polls with nothing else queued
// is w's next task as soon as that poll ends, and waking the idle worker
// to steal it would only move it to another core. This is tokio's rule
// for a task put into an empty LIFO slot (and Kettle's, in schedule); a
// chain of spawns (each task spawns the next and ends) then stays on one
// worker instead of parking and unparking the other at every few links.
//
// No wake is lost: if the load of w's polling bit after the push sees it
// set, w clears it after the push and looks at its inbox after that
// (worker.next). A poll that blocks is the watchdog's: its rescue wakes
// a parked worker for a non-empty inbox, as for a task in the LIFO slot.
func (m *Multi) pushInbox(w *worker, t *task, id *uint32) {
	// The inbox first: it is the line the push takes next, and in a burst
	// of spawns it is not empty after the first.
	alone := !w.inbox.maybeNonEmpty() && w.lifo.Load() == nil && w.runq.IsEmpty()
	w.inbox.push(t, id)
	if !alone || !w.p.watch.polling() {
		m.notifyParked()
	}
	if m.closed.Load() {
		m.reap()
	}
}

// schedule implements scheduler: t's state just went to Scheduled and the
// caller must queue it. Safe from any goroutine; allocates nothing.
//
// Routing: tokio sends a task woken on a worker to that worker's LIFO
// slot, finding "the current worker" in a thread-local. Kettle finds it
// the way spawn does, through the caller's P (workerOnP):
//   - If that worker is polling, the caller is almost always the running
//     task: t goes to the worker's LIFO slot and runs right after the
//     current poll, warm in cache. A pair of tasks that wake each other,
//     or a line of tasks handing a lock on, stays on one worker instead of
//     bouncing between cores and unparking an idle worker at every step.
//   - If it is between polls, the caller is most likely that worker
//     itself: finishing a task (the wake of its joiner), or waking what
//     its maintain turn found (I/O, timers) or what it deferred (yields).
//     t goes to the worker's inbox, so to the back of its ring: a parent
//     woken by its first child's end runs after its other children, not
//     once per child, and no shared queue is touched.
//   - A goroutine on a P where no worker ran (or a GOMAXPROCS grown since
//     NewMulti) sends t to the LIFO slot of the worker that last polled it
//     if that worker is polling, else to the inject queue.
//
// Either way the task is queued exactly once, and a parked worker is
// unparked if the target may not look (see notifyParked). A wrong guess
// (the caller is another goroutine that happens to run on that P) costs
// locality, and if the target's poll blocks, the wait for that poll's end
// or for the blocking detector's rescue: any goroutine may fill a LIFO
// slot or an inbox; their owner or a thief empties them.
func (m *Multi) schedule(t *task) {
	here := m.workerOnP()
	if here != nil && !here.p.watch.polling() {
		m.pushInbox(here, t, nil)
		return
	}
	w := here
	if w == nil {
		if h := t.home.Load(); h > 0 {
			if hw := m.workers[h-1]; hw.p.watch.polling() {
				w = hw
			}
		}
	}
	if w == nil {
		m.pushInject(t)
		return
	}
	if old := w.lifo.Swap(t); old != nil {
		// The slot was taken: the displaced task goes where any worker
		// can find it.
		m.pushInject(old)
	} else if !w.p.watch.polling() {
		// w ended its poll meanwhile and may be parking; it re-checks
		// every LIFO slot after announcing its park (see worker.park),
		// and we check for parked workers after our Swap: one of the two
		// sees the other.
		m.notifyParked()
	}
	if m.closed.Load() {
		m.reap()
	}
}

// rescue is called by the watchdog when worker i has been in one poll for
// at least a sampling period: tasks woken into its LIFO slot (routed there
// because it was polling), waiting in its ring, or deferred by a yield
// (local_defer.go) would wait for that poll to end, however long it
// blocks; the deferred ones are woken, and a parked worker is woken to
// steal the rest.
func (m *Multi) rescue(i int) {
	w := m.workers[i]
	// Yields it deferred before the poll began would wait for its end too.
	w.defers.wakeAll()
	if w.lifo.Load() != nil || w.runq.Len() > 0 || w.inbox.maybeNonEmpty() {
		m.notifyParked()
	}
}

// pushInject queues t on the global queue and makes sure some worker will
// look at it.
func (m *Multi) pushInject(t *task) {
	m.inject.push(t)
	m.notifyParked()
	if m.closed.Load() {
		m.reap()
	}
}

// blockingStart implements Executor.
func (m *Multi) blockingStart() bool {
	if m.closed.Load() {
		return false
	}
	m.blocking.Add(1)
	return true
}

// blockingDone implements Executor: the job's handle completed (waking
// its awaiter) before the count drops; a Run watching for a deadlock is
// told to look again.
func (m *Multi) blockingDone() {
	if m.blocking.Add(-1) == 0 && m.idle.allParked() {
		m.signalQuiet()
	}
}

// goBlocking implements Executor: jobs run on the bounded pool. A pool
// closed under the job's feet (Close raced with SpawnBlocking) still runs
// it, on a goroutine of its own, so that its handle completes.
func (m *Multi) goBlocking(job func()) {
	if !m.pool.submit(job) {
		go job()
	}
}
