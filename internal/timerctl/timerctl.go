// Package timerctl is the executor-facing side of a timer.Driver: the
// operations that only the executor that owns a driver performs, kept out
// of package timer's public API. A test or an embedder polling by hand
// needs only timer.NewDriver, Register, NextDeadline and Close (and a
// VirtualClock's Advance fires the driver itself); an executor also fires
// due timers from its own loop and asks to be woken when another worker
// arms an earlier timer.
//
// Package timer sets [Of] when it is initialised; an executor calls it
// once per driver and keeps the [Ops].
package timerctl

import "time"

// Ops are the executor-only operations of one driver.
type Ops struct {
	// Fire wakes every timer due at the driver clock's Now and returns how
	// many came due. The wakers run on the calling goroutine after the
	// driver's lock is released. Safe from any goroutine.
	Fire func() int
	// WatchNext returns the earliest deadline of an armed timer (false if
	// none) and, in the same critical section, tells the driver that an
	// executor thread is about to block until then (without limit if
	// none) and must be woken if a timer due earlier is armed meanwhile:
	// the first such arm calls wake once (with the driver's lock held: it
	// must not block or call into the driver) and clears the watch. One
	// watch at a time. Reading the deadline and installing the watch under
	// one lock is what makes it sound: a timer armed between the two would
	// otherwise see no watch, and the thread would sleep past it.
	WatchNext func(wake func()) (time.Time, bool)
	// Unwatch clears the watch set by Watch.
	Unwatch func()
}

// Of returns the Ops of d, which must be a *timer.Driver (typed any here
// because package timer imports this one). Set by package timer's init.
var Of func(d any) Ops
