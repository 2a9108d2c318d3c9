package notify

import (
	"github.com/kettle-rt/kettle/internal/footprint"
	"strconv"
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/nocopy"
	"github.com/kettle-rt/kettle/internal/waitq"
	"github.com/kettle-rt/kettle/waker"
)

// Notify wakes tasks waiting on [Notify.Notified]. The zero value is ready
// to use, with no stored permit. It must not be copied after first use.
//
// Memory ordering: a NotifyOne or NotifyWaiters synchronizes with the return
// of the Notified futures it completes.
type Notify struct {
	_  nocopy.NoCopy
	mu footprint.Mutex
	// calls counts NotifyWaiters calls. It is incremented with mu held and
	// read without mu by Notified (to snapshot it at creation) and under mu
	// by Poll; a future created before an increment sees a different count
	// at its poll and completes. Wrap-around needs 2^64 calls between a
	// creation and its poll.
	calls atomic.Uint64
	// State below is guarded by mu.
	permit  bool // a NotifyOne found nobody waiting; the next Notified takes it
	waiters waitq.Queue[waitState]
}

// waitState is what a notification did to a queued Notified future.
type waitState uint8

const (
	notNotified waitState = iota // still in line
	byOne                        // chosen by NotifyOne (passed on if dropped)
	byAll                        // released by NotifyWaiters
)

// New returns a Notify with no stored permit (the same as the zero value).
func New() *Notify { return &Notify{} }

// Notified returns a future that completes when this Notify is notified:
// by a NotifyWaiters called after this call, by a NotifyOne that chooses it
// (it joins the NotifyOne line at its first poll), or at once at its first
// poll if a NotifyOne permit is stored (it consumes it).
//
// Cancel-safe: dropping the future loses no notification (see the package
// doc). Cost: one allocation; polls allocate nothing.
func (n *Notify) Notified() *NotifiedFuture {
	footprint.Read(&n.mu) // reads calls without mu: report it (internal/footprint)
	return &NotifiedFuture{n: n, calls: n.calls.Load()}
}

// NotifyOne wakes the oldest waiting Notified future, or, if none waits,
// stores a permit for the next one (at most one permit is stored: repeated
// NotifyOne calls with nobody waiting coalesce).
func (n *Notify) NotifyOne() {
	n.mu.Lock()
	wk := n.notifyOneLocked()
	n.mu.Unlock()
	waitq.Wake(wk)
}

// notifyOneLocked hands one notification, with n.mu held, to the oldest
// waiter (returning its waker for the caller to wake after unlocking) or
// stores the permit.
func (n *Notify) notifyOneLocked() waker.Waker {
	w := n.waiters.PopFront()
	if w == nil {
		n.permit = true
		return waker.Waker{}
	}
	w.Value = byOne
	return w.TakeWaker()
}

// NotifyWaiters wakes every Notified future created before this call that
// has not completed yet (queued or not yet polled). It stores no permit: a
// Notified created afterwards is not affected.
func (n *Notify) NotifyWaiters() {
	var wl waitq.WakeList
	n.mu.Lock()
	n.calls.Add(1)
	for w := n.waiters.PopFront(); w != nil; w = n.waiters.PopFront() {
		w.Value = byAll
		wl.Add(w.TakeWaker())
	}
	n.mu.Unlock()
	wl.WakeAll()
}

// String describes the Notify: `notify.Notify (2 waiting)` or
// `notify.Notify (permit stored)`.
func (n *Notify) String() string {
	n.mu.Lock()
	k, p := n.waiters.Len(), n.permit
	n.mu.Unlock()
	if p {
		return "notify.Notify (permit stored)"
	}
	return "notify.Notify (" + strconv.Itoa(k) + " waiting)"
}
