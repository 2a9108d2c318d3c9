package future

import (
	"fmt"

	"github.com/kettle-rt/kettle/waker"
)

// Context is what an executor hands to [Future.Poll]: the waker of the task
// being polled, plus that executor's services (timer driver, reactor, seeded
// choices), the task's cooperative budget, its name, and a slot where a
// pending leaf future says what it waits on.
//
// A Context belongs to one poll at a time: a future may use it only during
// the Poll it was passed to (keep the [waker.Waker], not the Context).
// Executors build one Context per worker and reuse it; passing a *Context to
// an interface method makes it escape, so building one per poll would
// allocate.
type Context struct {
	waker     waker.Waker
	services  *Services
	chooser   Chooser
	deferrer  Deferrer
	budget    int32 // < 0: unlimited
	taskName  string
	waitingOn fmt.Stringer
}

// NewContext returns a Context carrying w, no services, no seeded chooser
// and an unlimited budget: what a test or a hand-rolled loop uses. Leaf
// futures polled under such a Context still work (timers fall back to a
// process-wide driver; see package timer).
func NewContext(w waker.Waker) *Context {
	return &Context{waker: w, budget: -1}
}

// Waker returns the waker of the task being polled.
func (cx *Context) Waker() waker.Waker { return cx.waker }

// SetWaker replaces the waker. Executors call it before each poll; a
// combinator may call it on a Context of its own to give children a
// different waker.
func (cx *Context) SetWaker(w waker.Waker) { cx.waker = w }

// TaskName returns the name of the task being polled ("" if unnamed or
// outside an executor). Leaf futures record it to name lock holders in
// deadlock reports.
func (cx *Context) TaskName() string { return cx.taskName }

// SetTaskName sets the name reported by [Context.TaskName]. For executors.
func (cx *Context) SetTaskName(name string) { cx.taskName = name }

// SetWaitingOn records what a leaf future returning Pending waits on (a
// mutex, a channel, a timer), for deadlock reports and task dumps. String is
// called only when a report is made, so pass the future itself if it
// implements [fmt.Stringer]; recording costs one interface store.
func (cx *Context) SetWaitingOn(what fmt.Stringer) { cx.waitingOn = what }

// WaitingOn returns what the last pending leaf future recorded with
// [Context.SetWaitingOn] (nil if none). Executors clear it with
// SetWaitingOn(nil) before each poll.
func (cx *Context) WaitingOn() fmt.Stringer { return cx.waitingOn }
