package future

import "github.com/kettle-rt/kettle/waker"

// Deferrer is what an executor installs on the Context it polls with to
// postpone wakes until it has looked at its I/O driver and timers: tokio's
// context::defer. [YieldNow] hands its waker to it instead of waking at
// once, so that a task that yields in a loop lets a sibling whose socket
// is already readable run first, instead of only every few dozen polls
// when the executor's loop next looks at the reactor.
//
// Defer is called on the polling goroutine, during a poll; the executor
// wakes every deferred waker after its next non-blocking look at I/O and
// timers (and before it would park or report a deadlock), so a deferred
// task is never forgotten.
type Deferrer interface {
	Defer(w waker.Waker)
}

// SetDeferrer installs d for the polls that follow (nil: none; Defer then
// wakes at once). For executors.
func (cx *Context) SetDeferrer(d Deferrer) { cx.deferrer = d }

// Defer arranges for w to be woken once the executor has polled its I/O
// driver and timers: through the installed [Deferrer], or at once under a
// Context without one (a hand-made Context, an executor that does not
// defer). For leaf futures that yield.
func (cx *Context) Defer(w waker.Waker) {
	if cx.deferrer != nil {
		cx.deferrer.Defer(w)
		return
	}
	w.Wake()
}
