package future

import (
	"fmt"

	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
)

// Context is what an executor hands to [Future.Poll]: what a future needs
// while it is polled. Its methods are the future-facing surface:
//
//   - [Context.Waker] (and [Context.SetWaker], for a combinator that polls
//     a child under a waker of its own and restores the task's after);
//   - the task's cooperative budget: [Context.ConsumeBudget],
//     [Context.Budget];
//   - the task's name, [Context.TaskName], and choices,
//     [Context.First];
//   - where a pending leaf records what it waits on,
//     [Context.SetWaitingOn];
//   - the executor's services: [Context.Services], [Context.SetServices]
//     (timer driver, reactor; see [Services]).
//
// What only executors do — set the task's name, budget and chooser before a
// poll, read what it waits on after — is on an executor-facing type inside
// the module (package internal/taskcx), not here.
//
// A Context belongs to one poll at a time: a future may use it only during
// the Poll it was passed to (keep the [waker.Waker], not the Context).
// Executors build one Context per worker and reuse it; passing a *Context to
// an interface method makes it escape, so building one per poll would
// allocate.
type Context struct {
	waker    waker.Waker
	services *Services
	t        taskcx.State
}

func init() {
	taskcx.Of = func(cx any) *taskcx.State { return &cx.(*Context).t }
}

// NewContext returns a Context carrying w, no services, no chooser and an
// unlimited budget: what a test or a hand-rolled loop uses (with
// [Context.SetServices] to lend it an executor's or a driver's services).
// Leaf futures polled under such a Context still work (timers fall back to
// a process-wide driver; see package timer).
func NewContext(w waker.Waker) *Context {
	return &Context{waker: w, t: taskcx.State{Budget: -1}}
}

// Waker returns the waker of the task being polled. Calling it is what
// "taking the waker" means: a task whose polls never took its waker can
// never be woken, and executors report it as deadlocked even with the real
// clock.
func (cx *Context) Waker() waker.Waker {
	cx.t.WakerTaken = true
	return cx.waker
}

// SetWaker replaces the waker. Executors call it before each poll; a
// combinator that wants to know which child woke it (futures-rs's
// FuturesUnordered) sets a waker of its own around a child's poll and
// restores the task's afterwards, so that the budget, the name and what
// the child waits on stay the task's.
func (cx *Context) SetWaker(w waker.Waker) { cx.waker = w }

// TaskName returns the name of the task being polled ("" if unnamed or
// outside an executor). Leaf futures record it to name lock holders in
// deadlock reports.
func (cx *Context) TaskName() string { return cx.t.TaskName }

// SetWaitingOn records what a leaf future returning Pending waits on (a
// mutex, a channel, a timer), for deadlock reports and task dumps: one
// interface store. String is called only when a report or a dump is made,
// possibly from another goroutine while the task is polled again, so pass
// the future itself if it implements [fmt.Stringer] and make its String
// safe to call concurrently with its Poll.
func (cx *Context) SetWaitingOn(what fmt.Stringer) {
	cx.t.WaitingOn = what
	if cx.t.Waits < 255 {
		cx.t.Waits++
	}
}
