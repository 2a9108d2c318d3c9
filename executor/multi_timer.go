package executor

import "time"

// driverTimeout is how long the driver-holding worker may block in the
// reactor: until the next timer deadline, or without limit (-1).
//
// The timer driver is not wired yet (package timer has no Driver yet):
// with no timers there is no deadline.
func (m *Multi) driverTimeout() time.Duration { return -1 }

// fireTimers fires expired timers; a no-op until the timer driver is
// wired.
func (m *Multi) fireTimers() {}

// timersArmed reports whether a timer could still wake a task.
func (m *Multi) timersArmed() bool { return false }
