package executor

import (
	"sync"
	"sync/atomic"

	"github.com/kettle-rt/kettle/waker"
)

// deferList is the taskcx.Deferrer of a Local's loop and of each Multi
// worker: the wakers of tasks that
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
// Owned by the loop (or worker) whose polls defer: Defer runs inside a
// poll, wakeAll between polls. The loop wakes the list after every
// maintain and before it would search, park or report a deadlock, so a
// deferred task is never stranded. (A Multi worker's maintain may find
// another worker holding the reactor; that worker collects the I/O, and
// the deferred tasks are woken all the same.)
//
// One exception to the ownership: a Multi worker stuck in a long poll
// cannot wake what it deferred before, so the blocking detector's rescue
// (Multi.rescue) calls wakeAll from its own goroutine. mu makes that safe;
// it is taken only by Defer while a task waits on I/O and by a wakeAll
// that has something to wake, uncontended unless a rescue is running.
type deferList struct {
	ioWaiting func() bool // whether a task waits on the executor's reactor
	mu        sync.Mutex
	ws        []waker.Waker // guarded by mu
	spare     []waker.Waker // guarded by mu: the emptied buffer of the last wakeAll
	n         atomic.Int32  // len(ws), for pending without the lock
}

// Defer implements taskcx.Deferrer.
func (d *deferList) Defer(w waker.Waker) {
	if !d.ioWaiting() {
		w.Wake()
		return
	}
	d.mu.Lock()
	d.ws = append(d.ws, w)
	d.n.Store(int32(len(d.ws)))
	d.mu.Unlock()
}

// pending reports whether any waker is deferred.
func (d *deferList) pending() bool { return d.n.Load() > 0 }

// wakeAll wakes every deferred waker, in the order they were deferred
// (each wake pushes its task on a run queue), and reports how many. The
// wakes happen after mu is released.
func (d *deferList) wakeAll() int {
	if d.n.Load() == 0 {
		return 0
	}
	d.mu.Lock()
	ws := d.ws
	d.ws, d.spare = d.spare[:0], nil
	d.n.Store(0)
	d.mu.Unlock()
	for i, w := range ws {
		ws[i] = waker.Waker{}
		w.Wake()
	}
	d.mu.Lock()
	if d.spare == nil {
		d.spare = ws[:0]
	}
	d.mu.Unlock()
	return len(ws)
}
