package timer

import (
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// Now returns a future of the current time on the clock of the executor
// that polls it: the [VirtualClock]'s time under executor.Clock(virtual),
// time.Now() under the real clock or without an executor. Deadline logic
// in async code should read time this way, not with time.Now, so that it
// agrees with [Sleep] and [Timeout] under a virtual clock. Ready at its
// first poll; it allocates one small future.
func Now() *NowFuture { return &NowFuture{} }

// NowFuture is the future returned by [Now]: a future.Future[time.Time].
type NowFuture struct{ ph phase.Phase }

// Poll is Ready at once with the polling executor's time. It panics after
// Ready.
func (f *NowFuture) Poll(cx *future.Context) future.Poll[time.Time] {
	f.ph.Check(f)
	f.ph = phase.Done
	return future.Ready(ClockOf(cx).Now())
}

// Drop does nothing: Now holds nothing. Idempotent.
func (f *NowFuture) Drop() { f.ph.Drop() }

// ClockOf returns the clock of the executor polling cx, or [RealClock]
// when cx carries no timer driver. For hand-written leaf futures; it
// starts nothing.
func ClockOf(cx *future.Context) Clock {
	if cx != nil {
		if d, ok := driverKey.From(cx); ok && d != nil {
			return d.clock
		}
	}
	return RealClock()
}
