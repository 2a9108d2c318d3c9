package mutex

import (
	"github.com/kettle-rt/kettle/internal/taskcx"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/footprint"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
	"github.com/kettle-rt/kettle/waker"
)

// LockFuture is the future returned by [Mutex.Lock]: a
// future.Future[*Guard[T]] that is also a [future.Dropper].
//
// It is cancel-safe (see [LockFuture.Drop]). It must not be copied after its
// first poll, and must not be polled after Ready or after Drop (that panics
// naming the type).
type LockFuture[T any] struct {
	m *Mutex[T]
	w waitq.Waiter[lockWaiter] // place in m's line; guarded by m.mu
	// phase is owned by the poller, never touched by Unlock on another
	// goroutine. Waiting: in line or granted; the lock's state holds the
	// future's waiter and Drop must take it out under the lock. Done: the
	// guard is the caller's.
	phase phase.Phase
	guard Guard[T] // returned by the Ready poll; lives inside the future to save an allocation; guard.m == m
}

// Poll takes the lock if it is free and nobody waits, or joins the line of
// waiters and returns Pending until Unlock hands the lock over. Taking the
// lock spends one unit of the task's cooperative budget; when the budget is
// spent it yields (returns Pending after waking the task) without taking it.
func (f *LockFuture[T]) Poll(cx *future.Context) future.Poll[*Guard[T]] {
	f.phase.Check(f)
	m := f.m
	task := cx.TaskName()
	if f.phase == phase.Fresh && task == "" && m.state.Load() == 0 {
		// Fast path: a free lock and an unnamed task, so no holder name
		// to record under mu; one CAS takes it. It skips mu, so it reports
		// the access to a schedule explorer itself (internal/footprint).
		footprint.Touch(&m.mu)
		if yieldIfSpent(cx) {
			cx.ConsumeBudget()
			return future.Pending[*Guard[T]]()
		}
		if m.state.CompareAndSwap(0, locked|owned) {
			cx.ConsumeBudget()
			return f.ready(cx)
		}
	}
	m.mu.Lock()
	if f.phase == phase.Waiting {
		if !f.w.Value.granted {
			// Still in line: keep the newest waker.
			f.w.SetWaker(cx.Waker())
			m.mu.Unlock()
			cx.SetWaitingOn(f)
			return future.Pending[*Guard[T]]()
		}
		// The lock was handed to us. It is ours whether or not we yield
		// now; a yield only delays observing it.
		if yieldIfSpent(cx) {
			m.mu.Unlock()
			cx.ConsumeBudget()
			return future.Pending[*Guard[T]]()
		}
		cx.ConsumeBudget()
		r := f.ready(cx)
		// The hand-off left owned clear: owner is right now. Only mu
		// holders and our own release change state meanwhile.
		m.state.Or(owned)
		m.mu.Unlock()
		return r
	}
	// First poll (or a first poll that yielded for budget). The loop runs
	// again only if a fast Unlock freed the lock while we were joining the
	// line.
	for {
		if m.state.Load() == 0 {
			if yieldIfSpent(cx) {
				m.mu.Unlock()
				cx.ConsumeBudget()
				return future.Pending[*Guard[T]]()
			}
			if m.take(task) {
				cx.ConsumeBudget()
				m.mu.Unlock()
				return f.ready(cx)
			}
			continue // a TryLock took it first: look again
		}
		f.w.Value = lockWaiter{task: task}
		f.w.SetWaker(cx.Waker())
		if m.enqueueLocked(&f.w) {
			break
		}
	}
	f.phase = phase.Waiting
	m.mu.Unlock()
	cx.SetWaitingOn(f)
	return future.Pending[*Guard[T]]()
}

// ready finishes the future with its embedded guard, recording the task
// as owner unless it already is (a task locking again and again).
func (f *LockFuture[T]) ready(cx *future.Context) future.Poll[*Guard[T]] {
	f.phase = phase.Done
	f.guard.live = f.guard.unlocks.Load()
	if t := taskcx.Of(cx).Task; f.m.owner.Load() != t {
		f.m.owner.Store(t)
	}
	return future.Ready(&f.guard)
}

// WaitsFor reports the task holding the lock (taskcx.WaitsFor): a waiter
// can go on only once that task unlocks. Unknown (false) while the lock is
// free, taken by TryLock or being handed over. Exact between polls of the
// holder (owner is stored before the poll that takes the lock returns),
// which is when executors ask.
func (f *LockFuture[T]) WaitsFor(dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	if f.m.state.Load()&owned == 0 {
		return dst, false
	}
	if t := f.m.owner.Load(); t != nil {
		return append(dst, t), true
	}
	return dst, false
}

// Drop cancels the lock request: a queued future leaves the line at once
// (O(1)); a future to which the lock had been handed, but whose Poll has not
// yet returned the guard, unlocks, passing the lock to the next waiter.
// Dropping a never-polled, finished or dropped future does nothing (after
// Ready the guard is the caller's to Unlock).
func (f *LockFuture[T]) Drop() {
	if !f.phase.Drop() {
		return
	}
	m := f.m
	m.mu.Lock()
	var wk waker.Waker
	if m.waiters.Remove(&f.w) {
		f.w.TakeWaker()
		if m.waiters.Len() == 0 {
			m.state.And(^queued) // the lock is still held by someone
		}
	} else {
		// Not in line any more, so an Unlock granted us the lock: pass it on.
		wk = m.releaseLocked()
	}
	m.mu.Unlock()
	waitq.Wake(wk)
}

// Reset re-arms the future for another Lock of the same mutex, as if it had
// just been returned by [Mutex.Lock], so that a hot loop (a hand-written
// state machine locking again and again) allocates nothing. It is allowed
// on a never-polled or dropped future, or on a finished one whose guard has
// been unlocked; on a future still in line or holding the lock it panics
// with "mutex: Reset of a LockFuture in use". The future's guard is reused
// too: the old guard pointer stays unlocked (its Value and Unlock panic)
// until the next Ready poll returns that same pointer, holding the new
// lock; do not keep it. Reset makes no atomic operation.
func (f *LockFuture[T]) Reset() {
	if f.phase == phase.Waiting || (f.phase == phase.Done && f.guard.held()) {
		panic("mutex: Reset of a LockFuture in use")
	}
	f.phase = phase.Fresh // the next Ready poll re-arms the guard
}

// String says what the future waits on, for deadlock reports:
// `mutex.Lock of "spoon" held by task "cook eggs"`; the name and the holder
// are left out when unknown.
func (f *LockFuture[T]) String() string {
	m := f.m
	m.mu.Lock()
	holder := m.holder
	if m.state.Load()&named == 0 {
		holder = ""
	}
	m.mu.Unlock()
	return describe("mutex.Lock", m.name, holder)
}

// yieldIfSpent reports whether the task's cooperative budget is spent. It is
// called, with the lock's mutex held, when the future could take the lock; if
// it returns true the caller releases the mutex, calls cx.ConsumeBudget (which
// wakes the task) and returns Pending, having taken nothing. Otherwise the
// caller spends one unit with cx.ConsumeBudget (no wake) and takes the lock.
func yieldIfSpent(cx *future.Context) bool { return cx.Budget() == 0 }
