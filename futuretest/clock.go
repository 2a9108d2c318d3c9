package futuretest

import (
	"time"

	"github.com/kettle-rt/kettle/timer"
)

// newClock returns the clock of a run's executor: a fresh virtual clock
// starting at start, so that sleeps are instant (the executor jumps to the
// next deadline when every task is idle) and runs are reproducible.
func newClock(start time.Time) *timer.VirtualClock {
	return timer.NewVirtualClock(start)
}
