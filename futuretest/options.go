package futuretest

import (
	"fmt"
	"time"
)

// Option configures [Explore], [Find] and [Replay].
type Option interface{ apply(*config) }

// config holds every exploration setting; defaults in defaultConfig only.
type config struct {
	maxPolls int       // executor.MaxPolls of each run
	start    time.Time // the virtual clock's start
	faults   bool      // InjectFaults
}

func defaultConfig() config {
	return config{
		maxPolls: 10_000,
		start:    time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

func buildConfig(call string, opts []Option) config {
	c := defaultConfig()
	for _, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("futuretest.%s: nil option", call))
		}
		o.apply(&c)
	}
	if c.maxPolls < 1 {
		panic(fmt.Sprintf("futuretest.%s: MaxPolls < 1", call))
	}
	return c
}

type maxPollsOption int

func (o maxPollsOption) apply(c *config) { c.maxPolls = int(o) }

// MaxPolls bounds the task polls of each executor.Run inside a run
// (executor.MaxPolls; default 10 000). A run that exceeds it fails with an
// error matching executor.ErrPollLimit: that is how a livelock is found.
// It is the per-run step budget: every step of every task counts. n < 1
// panics in the call that gets it.
func MaxPolls(n int) Option { return maxPollsOption(n) }

type startOption time.Time

func (o startOption) apply(c *config) { c.start = time.Time(o) }

// Start sets the time at which each run's virtual clock starts (default
// 2000-01-01 00:00 UTC), for bodies that print or compare times.
func Start(t time.Time) Option { return startOption(t) }
