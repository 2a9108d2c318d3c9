// Package timer holds Kettle's kitchen timers: leaf futures that become
// ready when a deadline passes, and the driver that rings them.
//
// In the kitchen model a [future.Future] is a recipe card, a task is a chef
// at work, the executor is the manager and the reactor is the kitchen's
// bells; a timer is the egg timer a chef sets before walking off to do
// something else. [Sleep], [SleepUntil], [Timeout] and [Interval] are the
// recipe steps; a [Driver] (one per executor) is the rack of egg timers: a
// hierarchical timing wheel with millisecond resolution, O(1) insert and
// cancel, and a mutex so that every worker of a multi-threaded executor can
// share it. When a deadline passes, the executor fires the driver, which
// pages the waiting task through its [waker.Waker].
//
// # Finding the driver
//
// A timer finds its driver through the [future.Context] that polls it: the
// executor calls [Driver.Register] on its services table, never a global.
// A timer polled under a bare [future.NewContext] (a test, a hand-written
// loop) falls back to a process-wide driver on the real clock, served by a
// goroutine that starts when that driver arms its first timer and exits by
// itself as soon as none is armed, so nothing leaks; [ShutdownFallback]
// stops it at once for tests. There is never a "no timer running" panic.
//
// # Clocks
//
// A [Clock] tells a driver the time: [RealClock] for wall time, or a
// [VirtualClock] for deterministic tests, whose time moves only when
// [VirtualClock.Advance] or [VirtualClock.AdvanceTo] is called; an advance
// fires the due timers of every driver made with that clock. The fallback
// driver always uses real time: to sleep on virtual time, run the timers on
// an executor built with that clock, executor.NewLocal(executor.Clock(vc)),
// which also advances the clock to the next deadline whenever every task is
// idle (tokio's paused time); or, by hand, poll under a context whose
// services carry a Driver built on the VirtualClock.
//
// Async code reads the time with [Now] (or [ClockOf] in a hand-written
// leaf future), which answers with the clock of the executor polling it, so
// deadline arithmetic agrees with Sleep and Timeout under a virtual clock.
//
// # Guarantees
//
// A timer never fires early: deadlines are rounded up to the next
// millisecond of the driver's clock. A sleep polled for the first time past
// its deadline (a zero or negative duration included) completes at that
// poll. An expired timer's poll spends one unit of the task's cooperative
// budget ([future.Context.ConsumeBudget]). Every future here implements
// [future.Dropper]: Drop takes the timer out of the wheel at once, so a
// million created-and-dropped sleeps leave the wheel empty.
//
// Faults: a waker that panics when the driver fires its timer is recovered and
// reported (package internal/safecall; to the logger of
// [Driver.SetLogger], by default slog.Default, at most a line a second),
// and the other due timers are still woken; the fallback driver's
// goroutine survives it, and is restarted after a waker that calls
// runtime.Goexit.
//
// Neighbours: package future (below: futures, contexts, services), package
// waker (the pager a timer keeps), package executor (owns one Driver, parks
// until [Driver.NextDeadline] and fires it through package
// internal/timerctl, out of the public API), package stream
// (intervals as streams of ticks).
//
// [future.Future]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Future
// [future.Context]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Context
// [future.NewContext]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#NewContext
// [future.Dropper]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Dropper
// [future.Context.ConsumeBudget]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Context.ConsumeBudget
// [waker.Waker]: https://pkg.go.dev/github.com/kettle-rt/kettle/waker#Waker
package timer
