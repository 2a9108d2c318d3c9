package semaphore

import (
	"strconv"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/faults"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// AcquireFuture is the future returned by [Semaphore.Acquire]: a
// future.Future[future.Result[*Permit]] that is also a [future.Dropper].
// Cancel-safe (see [AcquireFuture.Drop]). It must not be copied after its
// first poll nor polled after Ready or Drop (that panics naming the type).
type AcquireFuture struct {
	s *Semaphore
	w waitq.Waiter[acquirer] // place in s's line; guarded by s.mu
	// phase is owned by the poller, never touched by Release or Close.
	// Waiting: in line, or out of it after a grant or Close not yet
	// observed; Drop settles it under the semaphore's lock. Done: the
	// Permit is the caller's.
	phase  phase.Phase
	permit Permit // returned by a successful Ready poll; saves an allocation
}

type result = future.Result[*Permit]

// Poll takes the permits if they are free and nobody waits, or joins the
// line (collecting the free permits as a partial grant) and returns Pending
// until its request is complete. Taking the permits spends one unit of the
// task's budget; a spent budget yields without taking them.
func (f *AcquireFuture) Poll(cx *future.Context) future.Poll[result] {
	f.phase.Check(f)
	s := f.s
	s.mu.Lock()
	if f.phase == phase.Waiting {
		switch {
		case f.w.Value.granted:
			// The permits are ours; a yield only delays observing them.
			if cx.Budget() == 0 {
				s.mu.Unlock()
				cx.ConsumeBudget()
				return future.Pending[result]()
			}
			cx.ConsumeBudget()
			s.unobserved--
			f.readyLocked(cx)
			s.mu.Unlock()
			return f.done()
		case f.w.Value.closed:
			s.mu.Unlock()
			f.phase = phase.Done
			return future.Ready(future.Err[*Permit](ErrClosed))
		}
		f.w.SetWaker(cx.Waker())
		s.mu.Unlock()
		cx.SetWaitingOn(f)
		return future.Pending[result]()
	}
	if s.closed || faults.Inject(cx, "semaphore.Acquire") { // a fault: as if closed (internal/faults)
		s.mu.Unlock()
		f.phase = phase.Done
		return future.Ready(future.Err[*Permit](ErrClosed))
	}
	want := f.w.Value.want
	if want == 0 || (s.waiters.Len() == 0 && s.permits >= want) {
		if cx.Budget() == 0 {
			s.mu.Unlock()
			cx.ConsumeBudget()
			return future.Pending[result]()
		}
		cx.ConsumeBudget()
		s.permits -= want
		f.readyLocked(cx)
		s.mu.Unlock()
		return f.done()
	}
	// Join the line. If it is empty we are the head: collect what is free
	// now (partial grant), keeping the invariant "permits == 0 while anyone
	// waits".
	f.w.Value.got = s.permits
	f.w.Value.tok = taskcx.Of(cx).Task
	s.permits = 0
	f.w.SetWaker(cx.Waker())
	s.waiters.PushBack(&f.w)
	f.phase = phase.Waiting
	s.mu.Unlock()
	cx.SetWaitingOn(f)
	return future.Pending[result]()
}

// readyLocked fills the embedded Permit for all the future wanted and
// records its holder, with the semaphore's mu held; done then finishes.
func (f *AcquireFuture) readyLocked(cx *future.Context) {
	f.permit.s = f.s
	f.permit.n = f.w.Value.want
	f.s.recordLocked(&f.permit, taskcx.Of(cx).Task, cx.TaskName())
}

// done finishes the future with its embedded Permit.
func (f *AcquireFuture) done() future.Poll[result] {
	f.phase = phase.Done
	return future.Ready(future.Ok(&f.permit))
}

// WaitsFor reports the tasks whose progress could let this waiter on
// (taskcx.WaitsFor), for deadlock proofs with the real clock: the tasks
// holding permits and those ahead of it in line. Unknown
// (false) unless the semaphore has a fixed set of permits all held by
// tasks: see the package doc, "Deadlock proofs".
func (f *AcquireFuture) WaitsFor(dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	return f.s.waitsForLocked(&f.w, dst)
}

// Drop cancels the request: a queued future leaves the line at once and
// gives its partial grant back (to the next waiters first); a future granted
// all its permits but not yet returned them gives them all back. A no-op if
// never polled, finished or already dropped.
func (f *AcquireFuture) Drop() {
	if !f.phase.Drop() {
		return
	}
	s := f.s
	var wl waitq.WakeList
	s.mu.Lock()
	if !s.waiters.Remove(&f.w) && f.w.Value.granted {
		s.unobserved--
	}
	f.w.TakeWaker()
	// Queued: got is the partial grant. Granted: got == want. Closed: got
	// was already returned and is 0.
	back := f.w.Value.got
	f.w.Value.got = 0
	s.releaseLocked(back, &wl)
	s.mu.Unlock()
	wl.WakeAll()
}

// Reset re-arms the future for another Acquire of the same number of
// permits, as if just returned by [Semaphore.Acquire], so that a hot loop
// allocates nothing. It is allowed on a never-polled or dropped future, or
// on a finished one whose Permit has been released (or which failed with
// ErrClosed); on a future still waiting or whose Permit is held it panics
// with "semaphore: Reset of an AcquireFuture in use". After Reset the old
// Permit pointer refers to the next grant: do not keep it.
func (f *AcquireFuture) Reset() {
	if f.phase == phase.Waiting || (f.phase == phase.Done && f.permit.s != nil && !f.permit.released.Load()) {
		panic("semaphore: Reset of an AcquireFuture in use")
	}
	want := f.w.Value.want
	f.w.Value = acquirer{want: want}
	f.phase = phase.Fresh
	f.permit.s = nil
	f.permit.n = 0
	f.permit.released.Store(false)
}

// String says what the future waits on, for deadlock reports:
// `semaphore.Acquire(3)`, or with the holders known,
// `semaphore.Acquire(1) with 1 permit held by task "bake"`.
func (f *AcquireFuture) String() string {
	s := "semaphore.Acquire(" + strconv.Itoa(f.w.Value.want) + ")"
	f.s.mu.Lock()
	h := f.s.holdersLocked()
	f.s.mu.Unlock()
	if h != "" {
		s += " with " + h
	}
	return s
}

var _ interface {
	future.Future[result]
	future.Dropper
} = (*AcquireFuture)(nil)
