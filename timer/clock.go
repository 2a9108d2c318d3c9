package timer

import "time"

// Clock tells a [Driver] the time. Now must be safe to call from any
// goroutine and must never go backwards.
//
// Kettle has two: [RealClock] and [VirtualClock]. A Clock of your own works
// with an executor's Driver too (the executor fires the driver whenever it
// wakes); a driver polled by hand fires only under a VirtualClock, whose
// advances fire the drivers made with it.
type Clock interface {
	Now() time.Time
}

// RealClock returns the wall clock: Now is time.Now, with its monotonic
// reading, so deadlines are immune to wall-clock steps. The value is
// stateless; every call returns an equal Clock.
func RealClock() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) String() string { return "timer.RealClock" }
