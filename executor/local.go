package executor

import (
	"errors"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"time"
	"weak"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exechook"
	"github.com/kettle-rt/kettle/internal/goid"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/internal/timerctl"
	"github.com/kettle-rt/kettle/timer"
)

// Values of Local.owner: who may run the loop and touch loop-owned state.
const (
	ownerIdle uint32 = iota // nobody: Run, RunUntilStalled or Close may claim it
	ownerBusy               // claimed by a Run, RunUntilStalled, Close or a reap
)

// Local is a single-threaded executor: every poll runs on the goroutine
// that calls [Run] or [Local.RunUntilStalled], one task at a time, so tasks
// on one Local never run in parallel with each other. Wakes, [Spawn] and
// [JoinHandle.Abort] are safe from any goroutine: they go through the
// inject queues (woken tasks on a lock-free stack, spawned ones on a
// chain) and unpark the loop.
//
// Run may be called many times in turn; tasks that are still pending when a
// Run returns stay on the executor and go on at the next Run. Use
// [Local.Close] to drop them. A Local must be built with [NewLocal].
//
// Costs (package bench and bench/cmd/versus, on a 2-core machine): spawn
// and join of a trivial task about 110-150 ns in batches of a thousand,
// and 2 allocations counting the future (an 80-byte handle for an int
// result; a task that returns Pending or is awaited while it runs adds a
// 48-byte record once), against 450-520 ns for go + sync.WaitGroup; with
// a million tasks alive at once about 140-190 ns (200-260 in a fresh
// process's first run, whose heap starts empty), against 470-790 ns for
// a million goroutines; a task waking itself and its re-poll about 45 ns;
// a wake from another task through the inject queue and the re-poll about
// 62 ns; no allocation per poll or wake; an empty RunUntilStalled about
// 24 ns.
//
// In atomic read-modify-writes (each a full barrier, 8-10 ns here), the
// unit these costs are made of: a spawn costs 2 (the spawn chain's lock
// and release, which also count and number the task); a poll 2 (the state
// word's StartPoll, then EndPoll or Complete), except a task's first,
// which costs 1: a Local spawns its tasks Fresh (package
// internal/taskstate), already Running for its loop, the one consumer of
// its spawns, so that StartPoll is a load; and one atomic store
// (not a read-modify-write, but as dear here) of the poll window while
// the blocking detector runs, the default (poll_watch.go); a wake 2 (idle to
// scheduled, and the push on the woken stack: a compare-and-swap, plus a
// store of the task's link unless it already holds the old head); the
// loop pays one swap per drain of the woken stack and one
// compare-and-swap of the spawn chain, however many tasks they hold, and
// drains them only when its ready queue runs dry or right after it requeues
// a task that woke itself during its poll: with a hundred tasks ready a
// drain takes a hundred wakes at once. A task woken by another one runs
// after the tasks already queued; a requeued task goes behind those
// too, but ahead of the tasks woken since the loop last looked. Spawns and wakes are queued
// apart because their drains want different things: a wake is usually
// one task, for which one compare-and-swap beats a lock; a spawn may be
// one of a million, which the chain hands over linked through the tasks
// themselves in push order, in O(1), to join the ready queue behind its
// ring (local_runq.go): no memory per queued task, and no read of a task
// before the loop pops it, when it reads (and clears) its link on the
// line it polls anyway (a stack's chain is newest first, and reversing it
// costs a pass with a cache miss per link once it outgrows the caches:
// 13% of spawn+join at a million tasks). In a drain the woken tasks go
// before the spawned ones.
//
// Rejected: putting the wakes and spawns that the loop's own goroutine
// makes straight on the ready ring, with no atomic push (tokio's
// current-thread scheduler does, finding "the current scheduler" in a
// thread-local). Go has no goroutine-local storage and no cheap goroutine
// identity (package internal/goid), and "the loop is in a poll" cannot
// tell the loop's goroutine from another one that wakes a task at that
// moment; so every push goes through an inject queue, made as cheap as
// the kind of push allows.
type Local struct {
	cfg config

	// owner (ownerIdle/ownerBusy) serializes the loop: the CAS that claims
	// it happens before every access to loop-owned state by the claimer,
	// and its release (a store) happens before the next claim.
	owner atomic.Uint32
	// localWake holds what wakes and spawns touch: closed, parked,
	// unpark, the inject queues woken and spawns, io and reg
	// (local_wake.go). Tasks reach it, never the Local.
	*localWake
	// blocking counts SpawnBlocking jobs in flight: while non-zero the loop
	// cannot be deadlocked.
	blocking atomic.Int64

	// Loop-owned.
	p        poller   // the one poll path (poll.go)
	ready    runQueue // local_runq.go
	main     *task    // the future passed to Run, while it runs
	services *future.Services
	choose   future.Chooser  // nil without Seed: FIFO
	pick     exechook.Picker // nil unless futuretest steers the loop
	grace    *time.Timer     // reused by park for timed waits without a reactor
	awake    bool            // inside an awake span (local_observe.go)
	defers   deferList       // yielded tasks, woken after a look at I/O (local_defer.go)

	reported reportedSet // tasks the blocking detector reported (poll_watchdog.go)
	wd       *watchdog   // the blocking detector, made by the first Run (nil: off); loop-owned
	pub      localPub    // what Metrics reads (local_observe.go)

	// The kitchen's bells: set by NewLocal, on the services table.
	timers *timer.Driver       // thread-safe; fired by park
	tops   timerctl.Ops        // timers' executor-only operations
	vclock *timer.VirtualClock // non-nil when cfg.clock is virtual

	// cleanup drops the tasks and closes timers and io if the Local
	// becomes unreachable unclosed (local_cleanup.go); Close cancels it.
	cleanup runtime.Cleanup

	// proofPolls and stallPolls are 1 + the poll count at the last
	// negative deadlock proof and at the last stall report (0: none), so
	// that a quiet loop neither recomputes the proof nor logs the stall
	// again until a poll happens (local_park.go). Loop-owned.
	proofPolls, stallPolls uint64
}

// NewLocal returns a single-threaded executor. It starts no goroutine: the
// loop runs inside Run and RunUntilStalled. Options: [Seed], [Clock],
// [MaxPolls], [DeadlockGrace], [StallAfter], [Logger], [BlockingThreshold],
// [BlockingReporter], [Trace] or a [*Tracer]. Panics naming the call and the option on a nil
// option, an invalid value, or an option that only a [Multi] accepts
// ([Workers]).
func NewLocal(opts ...Option) *Local {
	e := &Local{
		cfg:       buildConfig(kindLocal, opts),
		localWake: newLocalWake(),
		services:  &future.Services{},
		reported:  reportedSet{},
	}
	e.local = weak.Make(e)
	e.p.init(e.reg, 0)
	e.p.lazyEnd = true // a Local does not route wakes by the window's parity
	e.p.cx.SetServices(e.services)
	e.timers, e.tops, e.vclock = newTimers(e.cfg.clock)
	if e.cfg.logger != nil {
		e.timers.SetLogger(e.cfg.logger)
		e.io.SetLogger(e.cfg.logger)
	}
	e.timers.Register(e.services)
	e.cleanup = addLocalCleanup(e)
	e.io.Provide(e.services)
	provideOffload(e, e.services)
	switch {
	case e.cfg.picker != nil:
		e.pick = e.cfg.picker
		e.choose, _ = e.pick.(future.Chooser)
	case e.cfg.seeded:
		e.choose = rngChooser{rand.New(rand.NewPCG(e.cfg.seed, seedStream))}
	}
	if e.choose != nil {
		e.p.st.Chooser = e.choose
	}
	e.defers.ioWaiting = func() bool {
		r := e.io.Loaded()
		return r != nil && r.Registrations() > 0
	}
	taskcx.Of(e.p.cx).Deferrer = &e.defers // see local_defer.go
	if e.cfg.tracer != nil {
		e.p.trace = newTracePoller(e.cfg.tracer, e.vclock, "Local", []string{"loop"})[0]
		e.p.setObservers()
	}
	return e
}

// seedStream is the second PCG word: fixed, so one uint64 names a schedule.
const seedStream = 0x6b6574746c65 // "kettle"

// rngChooser is the future.Chooser of a seeded Local: it draws from the
// same generator as the run-queue choice, so one seed fixes both.
type rngChooser struct{ r *rand.Rand }

func (c rngChooser) Choose(n int) int { return c.r.IntN(n) }

// claim takes the loop for a Run, RunUntilStalled or Close; false if one
// of them holds it. One compare-and-swap: no goroutine identity is needed
// (an inspection never takes the loop: it reads published snapshots).
func (e *Local) claim() bool { return e.owner.CompareAndSwap(ownerIdle, ownerBusy) }

// release gives up the loop, publishing the counters first. If Close
// happened, a Spawn that raced with it may have pushed a task nobody will
// run; reap it.
func (e *Local) release() {
	e.publish()
	e.p.flushTrace()
	e.owner.Store(ownerIdle)
	if e.closed.Load() {
		e.reap()
	}
}

// Close drops every unfinished task: each future's Drop runs (an async
// block's defers run), and each handle yields [ErrClosed]. Tasks spawned
// afterwards finish at once with ErrClosed, and Run returns ErrClosed.
// [SpawnBlocking] jobs in flight cannot be stopped: Close does not wait for
// them; their handles still get their results.
//
// Call Close. A Local dropped without it is cleaned up by the garbage
// collector once nothing reaches it (its tasks do not refer to it, so their
// wakers do not keep it alive wherever they are kept: timers, sockets,
// channels, locks, suspended async blocks, plain goroutines): its tasks that
// returned Pending are dropped as by Close but on another goroutine, at an
// unknown time, its timers and reactor (epoll and eventfd) are closed, and a
// warning is logged through [Logger]. It is not collected while something
// still refers to it: a task's future or a suspended async block holding the
// *Local (a task that spawns on its own executor), a [SpawnBlocking] job in
// flight, a goroutine or a global (see the package doc).
//
// Close returns nil, [ErrClosed] if already closed, [ErrRunning] while a Run
// or RunUntilStalled is going (for example when called from one of the
// executor's own tasks: it would otherwise drop the task that calls it), or
// the *PanicError values of Drop methods that panicked, joined.
func (e *Local) Close() error {
	if e.closed.Load() {
		return ErrClosed
	}
	if !e.claim() {
		if e.closed.Load() {
			return ErrClosed
		}
		return ErrRunning
	}
	if e.closed.Load() {
		e.release()
		return ErrClosed
	}
	e.closed.Store(true)
	e.cleanup.Stop()
	errs := e.dropAll()
	e.timers.Close()
	if err := e.io.Close(); err != nil {
		errs = append(errs, err)
	}
	if err := e.closeTrace(); err != nil {
		errs = append(errs, err)
	}
	e.release()
	return errors.Join(errs...)
}

// RunUntilStalled polls every ready task until none is ready, and returns
// the number of polls made. It never blocks (futures-rs run_until_stalled):
// for a host that owns the loop (a game tick, a GUI frame). It returns 0 on
// a closed executor or while a Run is going. With nothing to do it costs a
// compare-and-swap, a look at the inject queue and at the timers, and a
// store: no clock read, no goroutine identity.
func (e *Local) RunUntilStalled() int {
	if e.closed.Load() || !e.claim() {
		return 0
	}
	defer e.release()
	if e.closed.Load() {
		return 0
	}
	n, _ := e.loop(nil)
	e.stopAwake()
	return n
}

// reap drops tasks pushed after Close drained the inject queue. Whoever
// pushes after seeing closed calls it, as does the owner after releasing:
// if the claim fails, the current owner re-checks after its release.
func (e *Local) reap() {
	for !e.injectEmpty() {
		if !e.claim() {
			return
		}
		e.dropAll()
		e.publish()
		e.owner.Store(ownerIdle)
	}
}

// dropAll drops every unfinished task, including those a Drop wakes or
// spawns meanwhile. Caller owns the loop and has set closed.
func (e *Local) dropAll() []error {
	var errs []error
	for {
		e.drainInject()
		// Tasks that never returned Pending are not listed; drop them
		// with the listed ones, in spawn order
		// (deterministic, and the order a reader of the program expects).
		ts := e.reg.snapshot()
		for i := 0; i < e.ready.Len(); i++ {
			if t := e.ready.At(i); t.listed == 0 {
				ts = append(ts, t)
			}
		}
		e.ready.Clear()
		if len(ts) == 0 {
			if e.injectEmpty() {
				return errs
			}
			continue
		}
		slices.SortFunc(ts, byID)
		for _, t := range ts {
			if t.state.Claim() {
				e.reg.remove(t)
				e.p.stats.completed++
				if p := t.drop(ErrClosed); p != nil {
					errs = append(errs, p)
				}
			}
		}
	}
}

// spawn implements Executor.
func (e *Local) spawn(t *task) {
	t.join(&e.class)
	if e.closed.Load() {
		t.state.Init(false)
		t.state.Claim()
		t.drop(ErrClosed)
		return
	}
	t.state.InitFresh()           // the loop, the one consumer of spawns, polls it first
	e.spawns.Push(&t.node, &t.id) // numbered under the chain's lock: before t is shared
	e.pushed()
}

// blockingStart implements Executor.
func (e *Local) blockingStart() bool {
	if e.closed.Load() {
		return false
	}
	e.blocking.Add(1)
	return true
}

// blockingDone implements Executor: the job's handle is complete (and its
// awaiting task pushed) before the count drops, so a loop woken by the drop
// sees either the queued task or a real deadlock.
func (e *Local) blockingDone() {
	e.blocking.Add(-1)
	if e.parked.Load() {
		e.notify()
	}
}

// goBlocking implements Executor: a Local gives each SpawnBlocking job a
// goroutine of its own (a single-threaded loop keeps no pool).
func (e *Local) goBlocking(job func()) {
	if e.pick != nil {
		e.stepBlocking(job) // under a schedule explorer: see local_pick.go
		return
	}
	go job()
}

// runMain implements Executor: run the loop until main completes.
func (e *Local) runMain(main *task) error {
	if e.closed.Load() {
		return ErrClosed
	}
	if !e.claim() {
		if e.closed.Load() {
			return ErrClosed
		}
		return ErrRunning
	}
	defer e.release()
	if e.closed.Load() {
		return ErrClosed
	}
	main.id = uint32(e.spawns.AddCount())
	e.startAwake()
	defer e.stopAwake()
	if e.wd == nil {
		e.wd = newWatchdog(&e.cfg, []*pollWatch{&e.p.watch}, e.reported, e.reg)
	}
	if wd := e.wd; wd != nil {
		// The poll window costs two atomic stores per poll (poll_watch.go):
		// only while a detector reads it (and a dump, meanwhile, shows how long a
		// stuck poll has run).
		e.p.watched = true
		e.p.setObservers()
		// Which goroutine polls is learned later, if at all
		// (learnLoopGoroutine): not at every Run.
		e.p.watch.gid.Store(0)
		e.p.watch.wantGid.Store(false)
		wd.start()
		defer e.stopWatchdog(wd)
	}
	main.class = &e.mainClass
	main.state.Init(true)
	e.drainInject() // tasks spawned before Run go first (FIFO by submission)
	e.ready.PushBack(main)
	e.reg.add(main, 0) // listed at once: a dump taken during its first poll shows it
	e.main = main
	returned := false
	defer func() {
		e.main = nil
		if !returned && main.state.Claim() {
			// A task's poll called runtime.Goexit, which ends this
			// goroutine: nobody will read main's outcome, so drop it now
			// rather than leave it to run in a later Run.
			e.reg.remove(main)
			main.drop(ErrGoexit)
			e.p.stats.completed++
		}
	}()
	_, err := e.loop(main)
	e.p.idle() // before main's Drop, the watchdog's stop, the release
	returned = true
	if err != nil && main.state.Claim() { // main is idle: nothing is queued
		// Run gives up on main: drop it so it releases what it holds.
		e.reg.remove(main)
		main.drop(err)
		e.p.stats.completed++
	}
	return err
}

// stopWatchdog ends the blocking detector of a Run. Caller owns the loop.
func (e *Local) stopWatchdog(wd *watchdog) {
	e.p.idle()
	wd.stop()
	e.p.watched = false
	e.p.setObservers()
}

// closeTrace flushes, and finishes the trace if the executor owns its
// Tracer (the Trace option). Caller owns the loop; called by Close.
func (e *Local) closeTrace() error {
	if e.p.trace == nil {
		return nil
	}
	e.p.flushTrace()
	if e.cfg.ownTracer {
		return e.cfg.tracer.Close()
	}
	return nil
}

// learnLoopGoroutine records, for the blocking detector's check that a
// long poll was running rather than waiting for a P (descheduled), which
// goroutine runs this Run's loop. Parsing a goroutine id costs about 2.5
// µs (package internal/goid), so a Run does it at its first timer turn
// (maintain: a Run of more than maintainEvery polls, or one whose tasks
// yield) or at a park once the watchdog has asked (pollWatch.wantGid: it
// saw a poll last a sampling period), and a Run of a few polls — a
// BlockOn that waits for a goroutine's send, parked or not — never pays
// it. Until then the id is 0 and a long poll is reported without that
// check. Caller owns the loop.
func (e *Local) learnLoopGoroutine() {
	e.p.watch.wantGid.Store(false)
	e.p.watch.gid.Store(goid.Get())
}

// unknownGid reports whether this Run's blocking detector runs and the
// id of the goroutine polling is not known yet (runMain stores 0): when
// maintain and park call learnLoopGoroutine. Caller owns the loop.
func (e *Local) unknownGid() bool { return e.p.watched && e.p.watch.gid.Load() == 0 }
