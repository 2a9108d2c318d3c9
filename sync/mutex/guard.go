package mutex

import "sync/atomic"

// Guard is the proof that its holder owns a [Mutex]: it gives access to the
// value until [Guard.Unlock]. A Guard may be passed to and unlocked from any
// goroutine or task.
type Guard[T any] struct {
	m *Mutex[T] // immutable once handed out (a LockFuture's is set by Lock)
	// The guard holds the lock while unlocks == live. Unlock moves unlocks
	// from live to live+1 with a CAS, so that two racing Unlocks cannot
	// both release the lock. live is written only before the guard is
	// handed out: zero for TryLock's; for the guard embedded in a
	// LockFuture, by the poll that returns it (set to the current unlocks,
	// so that a reused future's guard needs no store at Reset).
	live    uint32
	unlocks atomic.Uint32
}

// held reports whether the guard still holds the lock.
func (g *Guard[T]) held() bool { return g.unlocks.Load() == g.live }

// Value returns a pointer to the value the mutex guards. It is valid only
// until Unlock; it panics with "mutex: Value of unlocked Guard" after.
func (g *Guard[T]) Value() *T {
	if !g.held() {
		panic("mutex: Value of unlocked Guard")
	}
	return &g.m.value
}

// Unlock releases the lock, handing it to the oldest waiter if any (that
// waiter's task is woken). Writes made through Value before Unlock happen
// before the next owner's Lock returns. Unlocking twice panics with
// "mutex: Unlock of unlocked Guard".
func (g *Guard[T]) Unlock() {
	if !g.unlocks.CompareAndSwap(g.live, g.live+1) {
		panic("mutex: Unlock of unlocked Guard")
	}
	g.m.unlock()
}
