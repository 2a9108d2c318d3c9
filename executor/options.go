package executor

import (
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/kettle-rt/kettle/internal/exechook"
	"github.com/kettle-rt/kettle/timer"
)

// Option configures an executor built by [NewLocal] or [NewMulti]. Each
// option says which executor it applies to; an option given to the other
// kind, or with an invalid value, makes the constructor panic with a
// message naming the constructor and the option, e.g.
// "executor.NewMulti: Workers(0): need at least 1 worker".
type Option interface{ apply(*config) }

// config holds every executor setting. Every default is set in
// defaultConfig and nowhere else; options only overwrite fields and record
// what the constructor must check (kind and problems).
type config struct {
	seeded bool
	seed   uint64
	// grace < 0: deadlock detection off (see DeadlockGrace). It applies
	// only when graceSet (DeadlockGrace given); otherwise the default rule
	// holds: immediate under a virtual clock, provable-only with the real
	// one (deadlock_proof.go).
	grace    time.Duration
	graceSet bool
	// stall: log a stall once after this long quiet with the main future
	// pending (0: off); logger receives stall and blocking reports (nil:
	// slog.Default() at the time of the report). See options_log.go.
	stall  time.Duration
	logger *slog.Logger
	// clock is the time source of the executor's timer driver. A
	// *timer.VirtualClock makes deadlock reports immediate and sound: see
	// (*Local).park.
	clock timer.Clock
	// picker, when set, picks every task a Local polls (futuretest).
	picker exechook.Picker
	// maxPolls bounds the polls of one Run (0: unbounded).
	maxPolls int
	// workers is the number of worker goroutines of a Multi.
	workers int
	// threshold is the blocking detector's threshold (0: off); reporter
	// receives its reports.
	threshold time.Duration
	reporter  func(BlockingReport)
	// poolMax bounds a Multi's SpawnBlocking goroutines; poolIdle is how
	// long an idle one waits for a job before exiting.
	poolMax  int
	poolIdle time.Duration
	// tracer, when set, receives a trace event per poll (trace.go);
	// ownTracer: the executor's Close finishes it (the Trace option).
	tracer    *Tracer
	ownTracer bool

	// Set by options, checked by build: the names of options given that
	// only a Local or only a Multi accepts, and invalid values.
	localOnly, multiOnly, problems []string
}

// defaultConfig is the one place where defaults live.
func defaultConfig() config {
	return config{
		grace:     time.Second,
		stall:     10 * time.Second,
		clock:     timer.RealClock(),
		workers:   runtime.GOMAXPROCS(0),
		threshold: 100 * time.Millisecond,
		reporter:  nil, // blocking reports go to the Logger
		poolMax:   512,
		poolIdle:  10 * time.Second,
	}
}

// Kinds of executor, for build.
const (
	kindLocal = "NewLocal"
	kindMulti = "NewMulti"
)

// buildConfig applies opts over the defaults and panics, naming the
// constructor and the option, on a nil option, an invalid value or an
// option of the other kind.
func buildConfig(kind string, opts []Option) config {
	c := defaultConfig()
	for _, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("executor.%s: nil option", kind))
		}
		o.apply(&c)
	}
	if len(c.problems) > 0 {
		panic(fmt.Sprintf("executor.%s: %s", kind, c.problems[0]))
	}
	switch kind {
	case kindLocal:
		if len(c.multiOnly) > 0 {
			panic(fmt.Sprintf("executor.%s: %s: only a Multi has workers; a Local polls on the goroutine that calls Run", kind, c.multiOnly[0]))
		}
		if c.seeded && c.picker != nil {
			panic(fmt.Sprintf("executor.%s: Seed(%d) and a schedule picker both set; use one", kind, c.seed))
		}
	case kindMulti:
		if len(c.localOnly) > 0 {
			panic(fmt.Sprintf("executor.%s: %s", kind, c.localOnly[0]))
		}
	}
	return c
}

func (c *config) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

type seedOption uint64

func (s seedOption) apply(c *config) {
	c.seeded, c.seed = true, uint64(s)
	c.localOnly = append(c.localOnly, fmt.Sprintf("Seed(%d): a Multi cannot replay an interleaving (its workers run in parallel); use a Local", c.seed))
}

// Seed makes a [Local] executor deterministic: it picks the next task to
// poll uniformly at random among the ready ones, and installs a
// [future.Chooser] so that joins and selects poll their branches in a random
// order, both drawn from one PCG generator seeded with seed. Same seed, same
// program, same wakes ⇒ the same interleaving, so a failing schedule
// replays. Without Seed the run queue is FIFO and branch order is fixed.
// Local only: [NewMulti] panics on it.
func Seed(seed uint64) Option { return seedOption(seed) }

type graceOption time.Duration

func (g graceOption) apply(c *config) { c.grace, c.graceSet = time.Duration(g), true }

// DeadlockGrace opts into the grace-period rule: [Run] reports a deadlock
// once its loop has stayed parked with nothing to do (no ready or queued
// task, no timer armed, no I/O waiter, no [SpawnBlocking] job in flight)
// for d. A waker held by a plain goroutine outside the runtime could still
// fire, so with the real clock such a report is a judgement, not a proof;
// any wake restarts the period. 0 reports at once; d < 0 turns detection
// off entirely (Run then waits forever, like a Go program blocked on a
// channel nobody sends on).
//
// Without this option: under a virtual clock ([Clock]) a deadlock is
// reported at once (nothing outside the runtime can wake a task there);
// with the real clock only a provable one is (a wait-for cycle over
// Kettle's locks, or tasks that never took their waker; see the package
// doc), and otherwise Run keeps waiting and logs a stall ([StallAfter]).
// Both executors.
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

func (o clockOption) apply(c *config) {
	if o.c == nil || o.c == timer.RealClock() {
		c.clock = timer.RealClock()
		return
	}
	c.clock = o.c
	c.localOnly = append(c.localOnly, fmt.Sprintf("Clock(%v): a Multi runs on the real clock only; use a Local for virtual time", o.c))
}

// Clock sets the time source of the executor's timer driver (default: the
// real clock). With a [timer.VirtualClock] the executor auto-advances time
// to the next timer deadline whenever every task is idle, like tokio's paused
// time, so a test that sleeps five minutes finishes in microseconds; and a
// deadlock is reported at once (nothing outside the runtime can move virtual
// time, so the report is sound). A nil c means the real clock. A clock
// other than the real one is for a [Local]: [NewMulti] panics on it.
func Clock(c timer.Clock) Option { return clockOption{c} }

type maxPollsOption int

func (o maxPollsOption) apply(c *config) {
	if o < 0 {
		c.problem("MaxPolls(%d): negative; 0 means no bound", int(o))
		return
	}
	c.maxPolls = int(o)
	c.localOnly = append(c.localOnly, fmt.Sprintf("MaxPolls(%d): a Multi's Run does not count polls; use a Local", int(o)))
}

// MaxPolls bounds the number of task polls one [Run] on a [Local] may
// make; past it Run returns an error matching [ErrPollLimit]. A livelock
// (tasks that keep waking each other without progress) then ends with an
// error instead of spinning forever. 0, the default, means no bound.
// The constructor panics on a negative n, and [NewMulti] on any.
func MaxPolls(n int) Option { return maxPollsOption(n) }

type workersOption int

func (o workersOption) apply(c *config) {
	if o < 1 {
		c.problem("Workers(%d): need at least 1 worker", int(o))
		return
	}
	c.workers = int(o)
	c.multiOnly = append(c.multiOnly, fmt.Sprintf("Workers(%d)", int(o)))
}

// Workers sets the number of worker goroutines of a [Multi] (default
// runtime.GOMAXPROCS(0)). [NewMulti] panics on n < 1
// ("executor.NewMulti: Workers(0): need at least 1 worker"), and
// [NewLocal] on any n: a Local has no workers.
func Workers(n int) Option { return workersOption(n) }

// BlockingReport describes a poll that ran longer than the blocking
// threshold: some task did blocking work (a time.Sleep, a syscall, a long
// computation) inside async code and held a worker meanwhile.
type BlockingReport struct {
	// Task is the task's name (see [Name]), or `task #N` when unnamed.
	Task string
	// Duration is how long the poll had been running when the detector
	// noticed it: a lower bound (never more than the poll lasted), at
	// least the threshold.
	Duration time.Duration
	// ID numbers the task within its executor (the N of `task #N`).
	ID uint64
}

// String formats the report as the default reporter logs it.
func (r BlockingReport) String() string {
	return fmt.Sprintf("executor: %s blocked its worker for at least %v in one poll "+
		"(blocking call inside async code? use SpawnBlocking or timer.Sleep)",
		r.Task, r.Duration.Round(time.Millisecond))
}

type thresholdOption time.Duration

func (o thresholdOption) apply(c *config) {
	if o < 0 {
		c.problem("BlockingThreshold(%v): negative; use 0 to turn detection off", time.Duration(o))
		return
	}
	c.threshold = time.Duration(o)
}

// BlockingThreshold sets how long one poll may run before the executor's
// blocking detector reports it (default 100 ms); 0 turns detection off,
// as benchmarks do; the constructor panics on a negative d. Each task is
// reported at most once.
//
// Cost: one atomic store per poll on a Local and two on a Multi (the
// poller publishes which task it polls; about 7 ns per poll here, 6% of
// the ping_pong benchmark on a Local), no clock read. A [Run] (or
// [BlockOn]) on a Local arms and disarms the watchdog (about 0.1 µs); it
// parses its goroutine id (about 2.5 µs) only at its loop's first turn at
// its timers (after 61 polls, or when tasks yield), or at a park once the
// watchdog has seen a poll last a sampling period. [Local.RunUntilStalled]
// is not watched: a host that calls it every frame sees a long frame
// itself.
//
// How: a watchdog timer, armed only while the executor's workers run,
// samples each worker's poll window four times per threshold, so a
// report comes between about 1.25·d and 1.5·d after the poll began. A
// poll shorter than d is never reported, and only time the poll ran
// counts: intervals in which the watchdog itself was descheduled (an
// oversubscribed machine) are credited at most one sampling period, and a
// worker found runnable but not running (preempted by busy goroutines)
// loses its credit. On a Multi the detector also rescues the tasks queued
// behind a long poll (woken into that worker's LIFO slot, spawned into
// its inbox, in its ring, or yielded there): a parked worker is woken to
// take them; with detection off they wait for the poll to end. Both
// executors.
func BlockingThreshold(d time.Duration) Option { return thresholdOption(d) }

type reporterOption func(BlockingReport)

func (o reporterOption) apply(c *config) {
	if o == nil {
		c.reporter = nil
		return
	}
	c.reporter = o
}

// BlockingReporter sets the function that receives blocking reports
// (default: a warning through [Logger], with the message of
// [BlockingReport.String] and the attributes "task", "task_id" and
// "duration"). f is called on the watchdog goroutine, while
// the offending poll still runs; it must not block for long. A nil f
// restores the default. Both executors.
func BlockingReporter(f func(BlockingReport)) Option { return reporterOption(f) }

// pickerOption installs futuretest's schedule controller (see package
// internal/exechook).
type pickerOption struct{ p exechook.Picker }

func (o pickerOption) apply(c *config) {
	if o.p == nil {
		c.problem("nil schedule picker")
		return
	}
	c.picker = o.p
	c.localOnly = append(c.localOnly, "a schedule picker: schedule exploration needs a Local")
}

func init() {
	exechook.PickerOption = func(p exechook.Picker) any { return pickerOption{p} }
	exechook.IsTask = func(res any) bool { _, ok := res.(*task); return ok }
}

// Deadlock detection modes (config.deadlockMode).
const (
	detectOff      = iota // DeadlockGrace(d < 0)
	detectNow             // report as soon as nothing inside the runtime can wake a task
	detectProvable        // real clock, default: report only a provable deadlock
	detectGrace           // DeadlockGrace(d > 0) with the real clock: the old grace rule
)

// deadlockMode is the rule Run applies when nothing inside the runtime can
// wake a task: see DeadlockGrace.
func (c *config) deadlockMode(virtual bool) int {
	switch {
	case c.graceSet && c.grace < 0:
		return detectOff
	case virtual, c.graceSet && c.grace == 0:
		return detectNow
	case c.graceSet:
		return detectGrace
	}
	return detectProvable
}
