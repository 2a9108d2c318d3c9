package future

import "github.com/kettle-rt/kettle/waker"

// Defer arranges for w to be woken once the executor has polled its I/O
// driver and timers (tokio's context::defer): what [YieldNow] does with
// its waker, so that a task that yields in a loop lets a sibling whose
// socket is already readable run first, instead of only every few dozen
// polls when the executor's loop next looks at its reactor. Under an
// executor that does not defer, or a hand-made Context, w is woken at
// once. For leaf futures that yield.
func (cx *Context) Defer(w waker.Waker) {
	if d := cx.t.Deferrer; d != nil {
		d.Defer(w)
		return
	}
	w.Wake()
}
