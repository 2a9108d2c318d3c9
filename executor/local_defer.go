package executor

import "github.com/kettle-rt/kettle/waker"

// deferList is the taskcx.Deferrer of a Local's loop: the wakers of tasks
// that
// yielded ([future.YieldNow]) during polls, held until the loop has looked
// at its timers and reactor (tokio's context::defer). Without it a task
// yielding in a loop went straight back on the ready ring, so a sibling
// whose socket was already readable waited for the loop's periodic look at
// the reactor (every 61 polls); now the loop looks first.
//
// It defers only while some task waits on the reactor: with no I/O
// waiter there is nothing the look could find, so a yield wakes at once,
// as before. That keeps programs without I/O — seeded runs, futuretest's
// explorations, where every yield is a choice point among all the ready
// tasks — exactly as they were. (Rejected: deferring always. It hid the
// bugs futuretest's explorations are meant to find, by taking yielded
// tasks out of the choice until the ready ring emptied.)
//
// A Multi does not defer: its busy workers already look at the inject
// queue and the reactor often enough that the yielding loop of
// TestYieldLetsReadyIORunFirst sees its socket within a few yields.
//
// Owned by the loop: Defer runs inside a poll, wakeAll between polls. The
// loop wakes the list after every maintain and before it would park or
// report a deadlock, so a deferred task is never stranded.
type deferList struct {
	ioWaiting func() bool // whether a task waits on the executor's reactor
	ws        []waker.Waker
}

// Defer implements taskcx.Deferrer.
func (d *deferList) Defer(w waker.Waker) {
	if !d.ioWaiting() {
		w.Wake()
		return
	}
	d.ws = append(d.ws, w)
}

// pending reports whether any waker is deferred.
func (d *deferList) pending() bool { return len(d.ws) > 0 }

// wakeAll wakes every deferred waker, in the order they were deferred
// (each wake pushes its task on the inject queue), and reports how many.
func (d *deferList) wakeAll() int {
	n := len(d.ws)
	for i, w := range d.ws {
		d.ws[i] = waker.Waker{}
		w.Wake()
	}
	d.ws = d.ws[:0]
	return n
}
