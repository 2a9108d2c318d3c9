package executor

import (
	"fmt"
	"time"
)

// Option configures an executor built by [NewLocal].
type Option interface{ apply(*config) }

// config holds every executor setting; defaults are set in defaultConfig
// and nowhere else.
type config struct {
	seeded bool
	seed   uint64
	grace  time.Duration // < 0: deadlock detection off
	// Later options add their fields here: Clock(c timer.Clock) (a virtual
	// clock makes deadlock reports immediate: see (*Local).park) and
	// Workers(n int) for the work-stealing executor.
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
