package timer

import (
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// missedThreshold is how late a tick may be handled and still count as on
// time (tokio uses the same 5 ms): a later one applies the
// [MissedTickBehavior].
const missedThreshold = 5 * time.Millisecond

// Interval yields ticks every period: tokio's Interval. The first tick is
// due at the first poll (or at [StartAt]'s time) and completes at once; tick
// k is due one period after tick k-1 under the [MissedTickBehavior]. A tick
// yields the time it was scheduled for.
//
// Ticks are cancel-safe: a tick that came due is never lost, even if the
// Tick future that waited for it is dropped; the next PollTick yields it.
// The interval keeps one timer armed on its driver between ticks; [Interval.Drop]
// disarms it. Its methods are for its owner (one goroutine at a time).
//
// Cost: one allocation at creation; each tick reuses the embedded timer and
// Tick future, so steady-state ticking allocates nothing.
type Interval struct {
	sleep   SleepFuture
	period  time.Duration
	missed  MissedTickBehavior
	tick    tickFuture
	dropped bool
}

// NewInterval returns an interval with period d. It panics if d <= 0.
// Options: a [MissedTickBehavior] (default [Burst]) and [StartAt].
func NewInterval(d time.Duration, opts ...IntervalOption) *Interval {
	if d <= 0 {
		panic("timer.NewInterval: non-positive period")
	}
	cfg := defaultIntervalConfig()
	for _, o := range opts {
		if o == nil {
			panic("timer.NewInterval: nil option")
		}
		o.apply(&cfg)
	}
	iv := &Interval{period: d, missed: cfg.missed}
	iv.sleep.entry.Value = &iv.sleep
	if cfg.hasStart {
		iv.sleep.phase, iv.sleep.deadline = phaseNewAt, cfg.start
	} else {
		iv.sleep.phase = phaseNew // dur 0: the first tick is due at the first poll
	}
	iv.tick.iv = iv
	return iv
}

// Period returns the interval's period.
func (iv *Interval) Period() time.Duration { return iv.period }

// MissedTickBehavior returns the interval's missed-tick policy.
func (iv *Interval) MissedTickBehavior() MissedTickBehavior { return iv.missed }

// SetMissedTickBehavior changes the missed-tick policy from the next tick on.
func (iv *Interval) SetMissedTickBehavior(b MissedTickBehavior) { iv.missed = b }

// PollTick polls for the next tick: Ready with the tick's scheduled time, or
// Pending after arranging for cx's waker to be woken when it comes due. It
// is the poll function for a stream of ticks. A due tick spends a unit of
// cooperative budget. It panics after [Interval.Drop].
func (iv *Interval) PollTick(cx *future.Context) future.Poll[time.Time] {
	if iv.dropped {
		panic(fmt.Sprintf("%T polled after Drop", iv))
	}
	if !iv.sleep.poll(cx, true) {
		cx.SetWaitingOn(iv)
		return future.Pending[time.Time]()
	}
	tick := iv.sleep.deadline
	now := iv.sleep.drv.clock.Now()
	next := iv.nextTick(tick, now)
	iv.sleep.rearm(next, !now.Before(next))
	return future.Ready(tick)
}

// nextTick schedules the tick after the one due at tick, yielded at now.
func (iv *Interval) nextTick(tick, now time.Time) time.Time {
	late := now.Sub(tick)
	if late <= missedThreshold {
		return tick.Add(iv.period)
	}
	switch iv.missed {
	case Delay:
		return now.Add(iv.period)
	case Skip:
		return now.Add(iv.period - late%iv.period)
	default:
		return tick.Add(iv.period)
	}
}

// Tick returns a future of the next tick. The future is embedded in the
// interval and reused: each call restarts it, so use one at a time. It is
// cancel-safe (dropping it loses no tick) and allocates nothing.
func (iv *Interval) Tick() future.Future[time.Time] {
	iv.tick.done, iv.tick.dropped = false, false
	return &iv.tick
}

// Reset restarts the schedule: the next tick is due one period from now
// (from the first poll, if the interval was never polled).
func (iv *Interval) Reset() {
	if iv.dropped {
		panic("timer.Interval.Reset: interval was dropped")
	}
	iv.sleep.Reset(iv.period)
}

// Drop disarms the interval's timer. The interval must not be used
// afterwards; dropping twice is a no-op.
func (iv *Interval) Drop() {
	iv.dropped = true
	iv.sleep.Drop()
}

// String describes the interval for deadlock reports and task dumps.
func (iv *Interval) String() string {
	if iv.sleep.phase == phaseNew {
		return fmt.Sprintf("timer.Interval every %v (not polled yet)", iv.period)
	}
	return fmt.Sprintf("timer.Interval every %v, next tick at %s", iv.period, iv.sleep.deadline.Format("15:04:05.000"))
}

// tickFuture is the future Tick returns.
type tickFuture struct {
	iv      *Interval
	done    bool
	dropped bool // Drop ran before Ready: a poll panics "after Drop"
}

func (t *tickFuture) Poll(cx *future.Context) future.Poll[time.Time] {
	if t.done {
		phase.Polled(t, t.dropped)
	}
	p := t.iv.PollTick(cx)
	t.done = p.IsReady()
	return p
}

// Drop ends this Tick future; the interval keeps its schedule.
func (t *tickFuture) Drop() {
	if !t.done {
		t.done, t.dropped = true, true
	}
}
