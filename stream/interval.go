package stream

import (
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
)

// FromInterval returns the endless stream of iv's ticks, each the tick's
// scheduled time (tokio-stream's IntervalStream). Missed ticks follow iv's
// MissedTickBehavior (Burst, Delay or Skip).
//
// The stream takes ownership of iv: do not tick iv yourself while the
// stream is live. Drop drops iv (its timer leaves the executor's wheel).
// Combine with [Take] for a bounded number of ticks.
//
// Cancel-safe: a dropped Next loses no tick (the Interval keeps its next
// deadline). A due tick spends one unit of the task's budget. Cost: one
// allocation at construction; ticking allocates nothing. Panics with
// "stream.FromInterval: nil interval".
func FromInterval(iv *timer.Interval) Stream[time.Time] {
	if iv == nil {
		panic("stream.FromInterval: nil interval")
	}
	return &intervalStream{iv: iv}
}

// intervalStream is the stream behind [FromInterval].
type intervalStream struct {
	iv    *timer.Interval
	phase phase
}

// PollNext waits for the next tick; the stream never ends by itself.
func (s *intervalStream) PollNext(cx *future.Context) future.Poll[Item[time.Time]] {
	if !s.phase.CheckStream(s) {
		return endOf[time.Time]()
	}
	if t, ok := s.iv.PollTick(cx).Get(); ok {
		return future.Ready(Some(t))
	}
	return future.Pending[Item[time.Time]]()
}

// Drop drops the Interval. Dropping twice is a no-op.
func (s *intervalStream) Drop() {
	if s.phase == live {
		s.iv.Drop()
	}
	s.phase = dropped
}
