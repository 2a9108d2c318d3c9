package notify

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
	"github.com/kettle-rt/kettle/waker"
)

// NotifiedFuture is the future returned by [Notify.Notified]: a
// future.Future[future.Unit] that is also a [future.Dropper]. Cancel-safe.
// It must not be copied after its first poll nor polled after Ready or
// Drop (that panics naming the type).
type NotifiedFuture struct {
	n     *Notify
	w     waitq.Waiter[waitState] // place in n's line; guarded by n.mu
	calls uint64                  // n.calls when created
	// phase is owned by the poller. Waiting: in line, or taken out of it
	// by a notification not yet observed.
	phase phase.Phase
}

// Poll completes if a NotifyWaiters happened since the future was created,
// if a NotifyOne chose it, or if it can consume a stored permit; otherwise
// it joins (or stays in) the line and returns Pending. Completing spends one
// unit of the task's budget; a spent budget yields and consumes nothing.
func (f *NotifiedFuture) Poll(cx *future.Context) future.Poll[future.Unit] {
	f.phase.Check(f)
	n := f.n
	n.mu.Lock()
	var ok bool
	switch {
	case f.phase == phase.Waiting && f.w.Value != notNotified:
		ok = true // a notification took us out of the line
	case n.calls.Load() != f.calls:
		ok = true // a NotifyWaiters after our creation
	case f.phase == phase.Fresh && n.permit:
		ok = true // consume the stored permit (below, once budget allows)
	}
	if ok {
		if cx.Budget() == 0 {
			n.mu.Unlock()
			cx.ConsumeBudget()
			return future.Pending[future.Unit]()
		}
		cx.ConsumeBudget()
		if f.phase == phase.Fresh && n.calls.Load() == f.calls {
			n.permit = false
		}
		// A queued future completing through a NotifyWaiters counted only
		// in calls (it was still in line) leaves the line here.
		n.waiters.Remove(&f.w)
		f.w.TakeWaker()
		n.mu.Unlock()
		f.phase = phase.Done
		return future.Ready(future.Unit{})
	}
	f.w.SetWaker(cx.Waker())
	if f.phase == phase.Fresh {
		n.waiters.PushBack(&f.w)
		f.phase = phase.Waiting
	}
	n.mu.Unlock()
	cx.SetWaitingOn(f)
	return future.Pending[future.Unit]()
}

// Drop cancels the wait: a queued future leaves the line at once; a future
// chosen by NotifyOne that had not observed it passes the notification on
// (to the next waiter, or as the stored permit). A no-op if never polled,
// finished or already dropped.
func (f *NotifiedFuture) Drop() {
	if !f.phase.Drop() {
		return
	}
	n := f.n
	var wk waker.Waker
	n.mu.Lock()
	if !n.waiters.Remove(&f.w) && f.w.Value == byOne {
		wk = n.notifyOneLocked()
	}
	f.w.TakeWaker()
	n.mu.Unlock()
	waitq.Wake(wk)
}

// String names what the future waits on, for deadlock reports:
// "notify.Notified".
func (f *NotifiedFuture) String() string { return "notify.Notified" }

var _ interface {
	future.Future[future.Unit]
	future.Dropper
} = (*NotifiedFuture)(nil)
