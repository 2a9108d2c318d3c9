package executor

import (
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
)

// Option configures an executor built by [NewLocal].
type Option interface{ apply(*config) }

// config holds every executor setting; defaults are set in defaultConfig
// and nowhere else.
type config struct {
	seeded bool
	seed   uint64
	grace  time.Duration // < 0: deadlock detection off
	// clock is the time source of the executor's timer driver (nil: real).
	// A *timer.VirtualClock makes deadlock reports immediate and sound: see
	// (*Local).park.
	clock timer.Clock
	// scheduler, when set, makes every choice of the run loop and of
	// joins/selects (futuretest's explorers install one).
	scheduler future.Chooser
	// maxPolls bounds the polls of one Run (0: unbounded).
	maxPolls int
	// workers is the number of worker goroutines of a Multi (0: GOMAXPROCS).
	workers    int
	workersSet bool
	extra      extraConfig // blocking detection, Multi's pool (options_multi.go)
	// tracer, when set, receives a trace event per poll (trace.go);
	// ownTracer: the executor's Close finishes it (the Trace option).
	tracer    *Tracer
	ownTracer bool
}

func defaultConfig() config {
	return config{grace: time.Second}
}

func buildConfig(call string, opts []Option) config {
	c := defaultConfig()
	for _, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("executor.%s: nil option", call))
		}
		o.apply(&c)
	}
	if c.seeded && c.scheduler != nil {
		panic(fmt.Sprintf("executor.%s: Seed and Scheduler both set; use one", call))
	}
	if c.maxPolls < 0 {
		panic(fmt.Sprintf("executor.%s: negative MaxPolls", call))
	}
	return c
}

type seedOption uint64

func (s seedOption) apply(c *config) { c.seeded, c.seed = true, uint64(s) }

// Seed makes a [Local] executor deterministic: it picks the next task to
// poll uniformly at random among the ready ones, and installs a
// [future.Chooser] so that joins and selects poll their branches in a random
// order, both drawn from one PCG generator seeded with seed. Same seed, same
// program, same wakes ⇒ the same interleaving, so a failing schedule
// replays. Without Seed the run queue is FIFO and branch order is fixed.
func Seed(seed uint64) Option { return seedOption(seed) }

type graceOption time.Duration

func (g graceOption) apply(c *config) { c.grace = time.Duration(g) }

// DeadlockGrace sets how long [Run]'s loop must stay parked with nothing to
// do (no ready or queued task, no [SpawnBlocking] job in flight) before it
// reports a deadlock. A waker held by a plain goroutine outside the runtime
// could still fire, so with the real clock the report is a judgement after
// this grace period, not a proof; any wake restarts the period. The default
// is 1 s; 0 reports at once; d < 0 turns detection off (Run then waits
// forever, like a Go program blocked on a channel nobody sends on).
func DeadlockGrace(d time.Duration) Option { return graceOption(d) }

// SpawnOption configures one task started by [Spawn].
type SpawnOption interface{ applySpawn(*spawnConfig) }

type spawnConfig struct {
	name string
}

type nameOption string

func (n nameOption) applySpawn(c *spawnConfig) { c.name = string(n) }

// Name names the task. The name appears in deadlock reports, in
// [future.Context.TaskName] during its polls (leaf futures use it to name
// lock holders), and in [JoinHandle.String]. Unnamed tasks are "task #N".
func Name(s string) SpawnOption { return nameOption(s) }

type clockOption struct{ c timer.Clock }

func (o clockOption) apply(c *config) { c.clock = o.c }

// Clock sets the time source of the executor's timer driver (default: the
// real clock). With a [timer.VirtualClock] the executor auto-advances time
// to the next timer deadline whenever every task is idle, like tokio's paused
// time, so a test that sleeps five minutes finishes in microseconds; and a
// deadlock is reported at once (nothing outside the runtime can move virtual
// time, so the report is sound). A nil c means the real clock.
func Clock(c timer.Clock) Option { return clockOption{c} }

type schedulerOption struct{ c future.Chooser }

func (o schedulerOption) apply(c *config) { c.scheduler = o.c }

// Scheduler hands every scheduling decision of a [Local] to c: which ready
// task to poll next (c.Choose(n) over the n ready tasks, asked only when
// n > 1) and, installed on the Context, the order in which joins and selects
// poll their branches. Schedule explorers (package futuretest) use it to
// record, bias and replay interleavings. It excludes [Seed] (the
// constructor panics if both are given).
func Scheduler(c future.Chooser) Option { return schedulerOption{c} }

type maxPollsOption int

func (o maxPollsOption) apply(c *config) { c.maxPolls = int(o) }

// MaxPolls bounds the number of task polls one [Run] may make; past it Run
// returns an error matching [ErrPollLimit]. A livelock (tasks that keep
// waking each other without progress) then ends with an error instead of
// spinning forever. 0, the default, means no bound; negative panics.
func MaxPolls(n int) Option { return maxPollsOption(n) }

type workersOption int

func (o workersOption) apply(c *config) { c.workers, c.workersSet = int(o), true }

// Workers sets the number of worker goroutines of a [Multi] (default
// runtime.GOMAXPROCS(0)). n < 1 is an error from the constructor. [Local]
// ignores it.
func Workers(n int) Option { return workersOption(n) }
