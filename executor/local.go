package executor

import (
	"errors"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/queue"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

// Values of Local.owner: who may run the loop and touch loop-owned state.
const (
	ownerIdle    uint32 = iota // nobody: Run, RunUntilStalled or Close may claim it
	ownerBusy                  // claimed by a Run, RunUntilStalled, Close or a reap
	ownerInspect               // claimed for a moment by Metrics or Dump (see local_observe.go)
)

// Local is a single-threaded executor: every poll runs on the goroutine
// that calls [Run] or [Local.RunUntilStalled], one task at a time, so tasks
// on one Local never run in parallel with each other. Wakes, [Spawn] and
// [JoinHandle.Abort] are safe from any goroutine: they go through a
// lock-free inject queue and unpark the loop.
//
// Run may be called many times in turn; tasks that are still pending when a
// Run returns stay on the executor and go on at the next Run. Use
// [Local.Close] to drop them. A Local must be built with [NewLocal].
//
// Costs (package bench, on a quiet 2-core machine): spawn and join of a
// trivial task about 110-160 ns and 2 allocations counting the future (a
// 160-byte handle for an int result: allocation and GC are a third of the
// cost), against 210-350 ns for go + sync.WaitGroup; a task waking itself
// and its re-poll about 33 ns; a wake from another task through the inject
// queue and the re-poll about 85 ns; no allocation per poll or wake.
type Local struct {
	cfg config

	// owner (ownerIdle/ownerBusy) serializes the loop: the CAS that claims
	// it happens before every access to loop-owned state by the claimer,
	// and its release (a store) happens before the next claim.
	owner atomic.Uint32
	// closed is set once, by Close while it owns the loop. A Spawn that
	// sees it completes the handle with ErrClosed at once; a Spawn that
	// pushed before seeing it is reaped (see reap).
	closed atomic.Bool
	// parked is true while the loop is (about to be) blocked in park. A
	// producer pushes to inject, then loads parked (both sequentially
	// consistent); park stores parked, then checks inject: one of the two
	// sees the other, so no wake is lost.
	parked atomic.Bool
	// unpark carries wake-up tokens to a parked loop (capacity 1: a
	// thousand wakes cost one token; a stale token costs one spurious turn).
	unpark chan struct{}
	// blocking counts SpawnBlocking jobs in flight: while non-zero the loop
	// cannot be deadlocked.
	blocking atomic.Int64

	inject queue.MPSC[taskImpl] // wakes and spawns from anywhere; loop consumes

	// Loop-owned.
	ready    queue.Ring[*task]
	tasks    registry
	main     *task           // the future passed to Run, while it runs
	cx       *future.Context // one per executor, reused for every poll
	services *future.Services
	choose   future.Chooser // nil without Seed or Scheduler: FIFO
	lastID   uint32         // numbers tasks as the loop first sees them
	grace    *time.Timer    // reused by park for timed waits without a reactor

	// Observability (local_observe.go, local_hooks.go). stats, clock,
	// running, awake, awakeSince and hooks are loop-owned.
	stats      loopStats
	clock      loopClock
	running    *task         // the task being polled, else nil
	awake      time.Duration // closed spans of Run/RunUntilStalled minus parks
	awakeSince time.Time     // start of the open span; zero when none
	hooks      *localHooks   // non-nil while tracing or blocking detection is on
	hookStore  localHooks    // what hooks points to
	watch      pollWatch     // the blocking detector's window on the loop
	// spawned counts tasks started (Spawn from any goroutine, and Run).
	spawned atomic.Uint64
	// loopG is the goroutine id of the loop's owner (0: none), so that an
	// inspection from inside a poll reads instead of waiting for itself.
	loopG     atomic.Uint64
	inspectMu sync.Mutex                 // one inspection at a time
	pending   atomic.Pointer[inspectReq] // posted by Metrics/Dump, answered by the owner

	// The kitchen's bells: set by NewLocal, on the services table.
	timers *timer.Driver       // thread-safe; fired by park
	vclock *timer.VirtualClock // non-nil when cfg.clock is virtual
	io     reactor.Lazy        // opened by the first I/O future; closed by Close
}

// NewLocal returns a single-threaded executor. It starts no goroutine: the
// loop runs inside Run and RunUntilStalled. Panics naming the call on a nil
// option.
func NewLocal(opts ...Option) *Local {
	e := &Local{
		cfg:      buildConfig("NewLocal", opts),
		unpark:   make(chan struct{}, 1),
		services: &future.Services{},
	}
	e.inject.Init()
	e.clock.init()
	e.cx = future.NewContext(waker.Noop())
	e.cx.SetServices(e.services)
	e.timers, e.vclock = newTimers(e.cfg.clock)
	e.timers.Register(e.services)
	e.io.Provide(e.services)
	switch {
	case e.cfg.scheduler != nil:
		e.choose = e.cfg.scheduler
	case e.cfg.seeded:
		e.choose = rngChooser{rand.New(rand.NewPCG(e.cfg.seed, seedStream))}
	}
	if e.choose != nil {
		e.cx.SetChooser(e.choose)
	}
	if e.cfg.tracer != nil {
		e.hookStore.tr = newTracePoller(e.cfg.tracer, e.vclock, "Local", []string{"loop"})[0]
		e.hooks = &e.hookStore
	}
	return e
}

// seedStream is the second PCG word: fixed, so one uint64 names a schedule.
const seedStream = 0x6b6574746c65 // "kettle"

// rngChooser is the future.Chooser of a seeded Local: it draws from the
// same generator as the run-queue choice, so one seed fixes both.
type rngChooser struct{ r *rand.Rand }

func (c rngChooser) Choose(n int) int { return c.r.IntN(n) }

// Close drops every unfinished task: each future's Drop runs (an async
// block's defers run), and each handle yields [ErrClosed]. Tasks spawned
// afterwards finish at once with ErrClosed, and Run returns ErrClosed.
// [SpawnBlocking] jobs in flight cannot be stopped: Close does not wait for
// them; their handles still get their results.
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
// a closed executor or while a Run is going.
func (e *Local) RunUntilStalled() int {
	if e.closed.Load() || !e.claim() {
		return 0
	}
	defer e.release()
	if e.closed.Load() {
		return 0
	}
	e.startAwake()
	n, _ := e.loop(nil)
	e.stopAwake()
	return n
}

// release gives up the loop. If Close happened, a Spawn that raced with it
// may have pushed a task nobody will run; reap it.
//
// Before that it answers a pending inspection and flushes the trace
// buffer; after it, it answers a request posted meanwhile (see
// local_observe.go).
func (e *Local) release() {
	e.serve()
	e.flushTrace()
	e.loopG.Store(0)
	e.owner.Store(ownerIdle)
	e.tryServe()
	if e.closed.Load() {
		e.reap()
	}
}

// reap drops tasks pushed after Close drained the inject queue. Whoever
// pushes after seeing closed calls it, as does the owner after releasing:
// if the claim fails, the current owner re-checks after its release.
func (e *Local) reap() {
	for !e.inject.Empty() {
		if !e.owner.CompareAndSwap(ownerIdle, ownerBusy) {
			return
		}
		e.dropAll()
		e.owner.Store(ownerIdle)
		if e.pending.Load() != nil {
			e.tryServe()
		}
	}
}

// dropAll drops every unfinished task, including those a Drop wakes or
// spawns meanwhile. Caller owns the loop and has set closed.
func (e *Local) dropAll() []error {
	var errs []error
	for {
		for e.drainInject() {
			runtime.Gosched() // a producer is mid-push; let it finish
		}
		// Tasks that never returned Pending are not listed yet.
		for i := 0; i < e.ready.Len(); i++ {
			if t := e.ready.At(i); t.slot == 0 {
				e.tasks.add(t)
			}
		}
		e.ready.Clear()
		if len(e.tasks.list) == 0 {
			if e.inject.Empty() {
				return errs
			}
			continue
		}
		// Drop in the order tasks were first seen (deterministic, and the
		// order a reader of the program expects). Drops only push on the
		// inject queue, never touch the registry.
		ts := slices.Clone(e.tasks.list)
		slices.SortFunc(ts, byID)
		for _, t := range ts {
			e.tasks.remove(t)
			if t.state.Claim() {
				e.stats.completed++
				if p := t.drop(ErrClosed); p != nil {
					errs = append(errs, p)
				}
			}
		}
	}
}

// schedule implements scheduler: push t on the inject queue and unpark the
// loop if it sleeps. Safe from any goroutine; allocates nothing.
func (e *Local) schedule(t *task) {
	e.inject.Push(&t.node)
	if e.parked.Load() {
		e.notify()
	}
	if e.closed.Load() {
		e.reap()
	}
}

// spawn implements Executor.
func (e *Local) spawn(t *task) {
	t.sched = e
	if e.closed.Load() {
		t.state.Init(false)
		t.state.Claim()
		t.drop(ErrClosed)
		return
	}
	t.state.Init(true)
	e.spawned.Add(1)
	e.schedule(t)
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
	e.spawned.Add(1)
	e.startAwake()
	defer e.stopAwake()
	if wd := newWatchdog(&e.cfg, []*pollWatch{&e.watch}); wd != nil {
		e.hookStore.wd = wd
		e.hooks = &e.hookStore
		wd.start()
		defer e.stopWatchdog(wd)
	}
	main.sched = e
	main.state.Init(true)
	e.drainInject() // tasks spawned before Run go first (FIFO by submission)
	e.lastID++
	main.id = e.lastID
	e.ready.PushBack(main)
	e.main = main
	_, err := e.loop(main)
	e.main = nil
	if err != nil && main.state.Claim() { // main is idle: nothing is queued
		// Run gives up on main: drop it so it releases what it holds.
		e.tasks.remove(main)
		main.drop(err)
		e.stats.completed++
	}
	return err
}
