package mutex

import (
	"github.com/kettle-rt/kettle/internal/footprint"
	"github.com/kettle-rt/kettle/internal/taskcx"

	"strconv"
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/nocopy"
	"github.com/kettle-rt/kettle/internal/waitq"
	"github.com/kettle-rt/kettle/waker"
)

// Mutex is an async mutual-exclusion lock that owns a value of type T, like
// tokio's Mutex: the only way to reach the value is through the [Guard] that
// [Mutex.Lock] or [Mutex.TryLock] returns.
//
// Fairness: waiters are served first come, first served. [Guard.Unlock]
// hands the lock to the oldest waiter directly (it stays locked in between),
// so a task that keeps locking cannot starve one that waits, and TryLock
// fails while anyone waits.
//
// The zero Mutex is not usable; build one with [New]. A Mutex must not be
// copied after first use.
type Mutex[T any] struct {
	_ nocopy.NoCopy
	// state is the lock word (bits below). Uncontended Lock (by an unnamed
	// task), TryLock and Unlock are one CAS each on it; joining or leaving
	// the line, hand-offs and recording a holder's name happen with mu held.
	state atomic.Uint32
	// owner is the task that last took the lock through a Lock future. It
	// names the holder only while state has owned (see below); otherwise it
	// is stale. Stored by the Lock poll that returns the guard, and only
	// when it changes (a task locking again and again stores nothing);
	// never cleared, so that Unlock costs no store: it may keep one
	// finished task's record reachable until the next Lock. Executors read
	// it for wait-for graphs (deadlock proofs with the real clock); a guard
	// handed to a plain goroutine fools it.
	owner atomic.Pointer[taskcx.Token]
	mu    footprint.Mutex
	// Guarded by mu.
	holder  string // task name of the owner; meaningful only while state has named
	waiters waitq.Queue[lockWaiter]
	name    string // immutable after New
	value   T      // reached only through a Guard
}

// Bits of Mutex.state.
//
//	locked  set from the moment the lock is taken (CAS 0→locked by TryLock or
//	        an unnamed task's Lock; under mu by a named task's Lock) until it
//	        is released with nobody in line (the fast Unlock's CAS to 0, or
//	        releaseLocked under mu). While set, exactly one party owns the
//	        lock: a live Guard, or a granted waiter that has not observed its
//	        grant. A hand-off keeps it set throughout.
//	queued  set, with mu held, exactly while the line is non-empty; it
//	        implies locked. It makes the fast Unlock's CAS fail while anyone
//	        waits, so that the releasing party takes mu and hands the lock
//	        over instead of freeing it.
//	named   holder holds the owner's task name. Set with mu held together
//	        with the write of holder; cleared by any release. A reader
//	        holding mu that sees it set reads a holder written under mu, so
//	        the name costs the lock-free paths nothing.
//	owned   the lock is held through a Lock future, whose task owner names.
//	        Set by the CAS that takes the lock in a Lock poll (which then
//	        stores owner before the poll returns), or, after a hand-off,
//	        with mu held by the granted waiter's poll once it has stored
//	        owner; clear after TryLock and during a hand-off; cleared by any
//	        release. So between polls (when executors build wait-for graphs)
//	        owned set means owner is the holder.
//
// Ordering: every state operation is a sequentially consistent atomic; the
// CAS or Store that releases the lock happens before the operation that
// next takes it, so an owner's writes through Value happen before the next
// owner's Lock returns.
const (
	locked uint32 = 1 << iota
	queued
	named
	owned
)

// lockWaiter is a Lock future's place in line, guarded by Mutex.mu.
type lockWaiter struct {
	granted bool   // Unlock handed the lock to this waiter; it now owns it
	task    string // name of the waiting task, recorded as holder on grant
}

// New returns an unlocked Mutex holding v. Options: [Name].
func New[T any](v T, opts ...Option) *Mutex[T] {
	c := newConfig(opts)
	return &Mutex[T]{value: v, name: c.name}
}

// Lock returns a future that resolves to a [Guard] once the lock is this
// caller's. It joins the line of waiters at its first poll (not at this
// call): creating a LockFuture and never polling it costs nothing to others.
//
// Cancel-safe: drop the future ([LockFuture.Drop]) to give up; if it was in
// line it leaves at once, and if the lock had already been handed to it the
// lock passes on to the next waiter. Nothing is lost either way.
//
// Cost: one allocation (the future, which also holds the guard); polls
// allocate nothing. A hot loop can reuse one future with [LockFuture.Reset]
// and allocate nothing at all. Uncontended, an unnamed task takes the lock
// with one CAS; a named task (see [future.Context.TaskName]) also takes an
// internal sync.Mutex to record its name for deadlock reports.
func (m *Mutex[T]) Lock() *LockFuture[T] {
	return &LockFuture[T]{m: m, guard: Guard[T]{m: m}}
}

// TryLock takes the lock if it is free and nobody is waiting for it, and
// returns its guard; otherwise it returns nil, false at once. It fails while
// waiters are queued even if the lock is momentarily between owners, so
// that it never overtakes a waiter (FIFO fairness).
//
// The holder is unknown to deadlock reports (TryLock has no task context).
// Cost: one CAS, and one allocation (the guard) unless it stays on the
// caller's stack.
func (m *Mutex[T]) TryLock() (*Guard[T], bool) {
	footprint.Touch(&m.mu) // no mu taken: report the access (internal/footprint)
	if !m.state.CompareAndSwap(0, locked) {
		return nil, false
	}
	return &Guard[T]{m: m}, true
}

// take tries to take the lock for a Lock future of task (owned: its poll
// then stores owner) if it is free and nobody waits, recording task as
// holder; it must be called with m.mu held if task is not
// "" (writing holder needs mu).
func (m *Mutex[T]) take(task string) bool {
	if task == "" {
		return m.state.CompareAndSwap(0, locked|owned)
	}
	if !m.state.CompareAndSwap(0, locked|owned|named) {
		return false
	}
	m.holder = task
	return true
}

// enqueueLocked puts w at the back of the line with m.mu held and returns
// true, unless the lock is free, in which case it returns false and the
// caller takes it instead. Setting queued (while locked) makes any later
// fast Unlock fail and come to mu, where it finds w.
func (m *Mutex[T]) enqueueLocked(w *waitq.Waiter[lockWaiter]) bool {
	for {
		s := m.state.Load()
		if s == 0 {
			return false
		}
		if s&queued != 0 || m.state.CompareAndSwap(s, s|queued) {
			m.waiters.PushBack(w)
			return true
		}
		// A fast Unlock freed the lock between our Load and CAS: look again.
	}
}

// unlock releases the lock held by a guard or a granted waiter: it hands it
// to the oldest waiter, or marks it free if nobody waits.
func (m *Mutex[T]) unlock() {
	// Fast path: nobody waits (queued clear), so freeing the lock is the
	// whole job. It needs no mu: the queued bit would be set (under mu)
	// before anyone joined the line, making this CAS fail.
	footprint.Touch(&m.mu) // the fast path takes no mu: report the access
	if s := m.state.Load(); s&queued == 0 && m.state.CompareAndSwap(s, 0) {
		return
	}
	m.mu.Lock()
	wk := m.releaseLocked()
	m.mu.Unlock()
	waitq.Wake(wk)
}

// releaseLocked gives up the lock with m.mu held: it hands it to the oldest
// waiter and returns that waiter's waker for the caller to wake after
// unlocking m.mu, or marks the lock free and returns the no-op waker.
func (m *Mutex[T]) releaseLocked() waker.Waker {
	w := m.waiters.PopFront()
	if w == nil {
		m.state.Store(0)
		return waker.Waker{}
	}
	// Hand-off: the lock stays locked and now belongs to w, which observes
	// it at its next poll. Its reading of w.Value there happens after this
	// write (both under mu). No fast path changes state meanwhile: queued
	// is set, and locked keeps TryLock out.
	s := locked
	if m.waiters.Len() != 0 {
		s |= queued
	}
	if w.Value.task != "" {
		s |= named
		m.holder = w.Value.task
	}
	m.state.Store(s)
	w.Value.granted = true
	return w.TakeWaker()
}

// describe writes what a waiter on m waits on: op, the lock's name, the
// holder's task name when known.
func describe(op, name, holder string) string {
	s := op
	if name != "" {
		s += " of " + strconv.Quote(name)
	}
	if holder != "" {
		s += " held by task " + strconv.Quote(holder)
	}
	return s
}

// String describes the lock for reports: `mutex.Mutex "spoon" (locked by
// task "cook eggs", 2 waiting)`.
func (m *Mutex[T]) String() string {
	m.mu.Lock()
	st, holder, n := m.state.Load(), m.holder, m.waiters.Len()
	m.mu.Unlock()
	if st&named == 0 {
		holder = ""
	}
	s := "mutex.Mutex"
	if m.name != "" {
		s += " " + strconv.Quote(m.name)
	}
	switch {
	case st&locked == 0:
		return s + " (unlocked)"
	case holder != "":
		s += " (locked by task " + strconv.Quote(holder)
	default:
		s += " (locked"
	}
	return s + ", " + strconv.Itoa(n) + " waiting)"
}
