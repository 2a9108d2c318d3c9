package executor

import (
	"time"

	"github.com/kettle-rt/kettle/timer"
)

// newMultiTimers builds the Multi's timer driver on the real clock (a
// virtual clock is refused at construction: see buildConfig) and registers
// it on the services table, so every worker's timers share one wheel (the
// Driver is thread-safe).
func (m *Multi) newTimers() {
	m.timers, m.tops, _ = newTimers(timer.RealClock())
	m.timers.Register(m.services)
}

// driverTimeout is how long the driver-holding worker may block in the
// reactor: until the next timer deadline, or without limit (-1). Before it
// blocks it asks the driver to wake the reactor if another worker arms an
// earlier timer meanwhile (see timerctl.Ops.WatchNext).
func (m *Multi) driverTimeout() time.Duration {
	// One critical section: a timer armed between reading the deadline
	// and installing the watch would otherwise wake nobody.
	deadline, ok := m.tops.WatchNext(m.wakeDriver)
	if !ok {
		return -1
	}
	return max(time.Until(deadline), 0)
}

// wakeDriver interrupts the driver-holding worker's reactor wait. It is
// the timer driver's watch callback: it only writes the reactor's coalesced
// wake-up, never blocks.
func (m *Multi) wakeDriver() { _ = m.reactor.Wake() }

// fireTimers wakes every task whose timer came due.
func (m *Multi) fireTimers() { m.tops.Fire() }

// timersArmed reports whether a timer could still wake a task.
func (m *Multi) timersArmed() bool { return m.timers.Armed() > 0 }
