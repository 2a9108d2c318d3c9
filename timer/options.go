package timer

import (
	"fmt"
	"time"
)

// IntervalOption configures [NewInterval]: a [MissedTickBehavior] value or
// [StartAt].
type IntervalOption interface {
	apply(*intervalConfig)
}

// intervalConfig holds NewInterval's settings.
type intervalConfig struct {
	missed   MissedTickBehavior
	start    time.Time
	hasStart bool
}

// defaultIntervalConfig holds every default in one place: Burst, first tick
// at the first poll.
func defaultIntervalConfig() intervalConfig {
	return intervalConfig{missed: Burst}
}

// MissedTickBehavior says what an [Interval] does when a tick is handled
// late (more than 5 ms after it was due, tokio's threshold): the same three
// policies as tokio's MissedTickBehavior. Pass one to [NewInterval], or
// change it with [Interval.SetMissedTickBehavior].
//
// Example, period 10 ms, first tick at 0, the task busy until 35 ms:
//
//	Burst: ticks at 0, 10, 20, 30 (the last three yielded at once, at 35), 40, 50, …
//	Delay: ticks at 0, 10 (yielded at 35), then 45, 55, …: a period after each late tick
//	Skip:  ticks at 0, 10 (yielded at 35), then 40, 50, …: the schedule, missed ticks skipped
//
// A tick's value is the time it was scheduled for, not the time it was
// yielded.
type MissedTickBehavior uint8

const (
	// Burst (the default) yields every missed tick as fast as it is
	// polled, until the interval has caught up with its schedule.
	Burst MissedTickBehavior = iota
	// Delay schedules the next tick one period after the late one was
	// yielded, shifting the schedule.
	Delay
	// Skip drops the missed ticks and schedules the next one at the first
	// multiple of the period (counted from the start) after now.
	Skip
)

func (b MissedTickBehavior) apply(c *intervalConfig) { c.missed = b }

// String returns "Burst", "Delay" or "Skip".
func (b MissedTickBehavior) String() string {
	switch b {
	case Burst:
		return "Burst"
	case Delay:
		return "Delay"
	case Skip:
		return "Skip"
	}
	return fmt.Sprintf("MissedTickBehavior(%d)", uint8(b))
}

// StartAt makes an interval's first tick due at t (on the polling driver's
// clock) instead of at its first poll.
func StartAt(t time.Time) IntervalOption { return startAt(t) }

type startAt time.Time

func (s startAt) apply(c *intervalConfig) { c.start, c.hasStart = time.Time(s), true }
