package executor

import (
	"fmt"
	"log"
	"time"

	"github.com/kettle-rt/kettle/timer"
)

// Defaults of the settings in this file, in one place.
const (
	// defaultBlockingThreshold is how long a poll may run before the
	// blocking detector reports it.
	defaultBlockingThreshold = 100 * time.Millisecond
	// defaultBlockingPoolMax bounds the goroutines of a Multi's
	// SpawnBlocking pool; jobs beyond it queue.
	defaultBlockingPoolMax = 512
	// defaultBlockingPoolIdle is how long an idle pool goroutine waits for
	// a job before exiting.
	defaultBlockingPoolIdle = 10 * time.Second
)

// extraConfig holds the settings added with the work-stealing executor:
// blocking detection (both executors) and Multi's blocking pool. It is the
// config field `extra`; zero means "not set", resolved by blockingSettings.
type extraConfig struct {
	threshold    time.Duration
	thresholdSet bool
	reporter     func(BlockingReport)
}

// BlockingReport describes a poll that ran longer than the blocking
// threshold: some task did blocking work (a time.Sleep, a syscall, a long
// computation) inside async code and held a worker meanwhile.
type BlockingReport struct {
	// Task is the task's name (see [Name]), or `task #N` when unnamed.
	Task string
	// Duration is how long the poll had been running when the detector
	// noticed it: a lower bound, at least the threshold.
	Duration time.Duration
}

// String formats the report as the default reporter logs it.
func (r BlockingReport) String() string {
	return fmt.Sprintf("executor: %s blocked its worker for at least %v in one poll "+
		"(blocking call inside async code? use SpawnBlocking or timer.Sleep)",
		r.Task, r.Duration.Round(time.Millisecond))
}

type thresholdOption time.Duration

func (o thresholdOption) apply(c *config) {
	c.extra.threshold, c.extra.thresholdSet = time.Duration(o), true
}

// BlockingThreshold sets how long one poll may run before the executor's
// blocking detector reports it (default 100 ms); d <= 0 turns detection
// off, as benchmarks do. Each task is reported at most once. Detection
// costs no clock read per poll: a watchdog goroutine, running only while
// the executor's workers run, samples each worker's poll counter a few
// times per threshold, so a report comes between d and about 1.25·d after
// the poll began.
func BlockingThreshold(d time.Duration) Option { return thresholdOption(d) }

type reporterOption func(BlockingReport)

func (o reporterOption) apply(c *config) { c.extra.reporter = o }

// BlockingReporter sets the function that receives blocking reports
// (default: a line through the standard log package, see
// [BlockingReport.String]). f is called on the watchdog goroutine, while
// the offending poll still runs; it must not block for long. A nil f
// restores the default.
func BlockingReporter(f func(BlockingReport)) Option { return reporterOption(f) }

// blockingSettings resolves the threshold (0: off) and reporter.
func (c *config) blockingSettings() (time.Duration, func(BlockingReport)) {
	d := defaultBlockingThreshold
	if c.extra.thresholdSet {
		d = max(c.extra.threshold, 0)
	}
	f := c.extra.reporter
	if f == nil {
		f = func(r BlockingReport) { log.Print(r.String()) }
	}
	return d, f
}

// checkMulti validates the options given to NewMulti and returns the
// worker count.
func (c *config) checkMulti() int {
	n := c.workers
	switch {
	case !c.workersSet:
		n = defaultWorkers()
	case n < 1:
		panic(fmt.Sprintf("executor.NewMulti: Workers(%d): need at least 1 worker", n))
	}
	if c.seeded {
		panic("executor.NewMulti: Seed: a Multi cannot replay an interleaving (its workers run in parallel); use a Local")
	}
	if c.scheduler != nil {
		panic("executor.NewMulti: Scheduler: schedule exploration needs a Local")
	}
	if c.clock != nil && c.clock != timer.RealClock() {
		panic(fmt.Sprintf("executor.NewMulti: Clock(%v): a Multi runs on the real clock only; use a Local for virtual time", c.clock))
	}
	return n
}
