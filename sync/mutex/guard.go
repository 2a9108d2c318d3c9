package mutex

import "sync/atomic"

// Guard is the proof that its holder owns a [Mutex]: it gives access to the
// value until [Guard.Unlock]. A Guard may be passed to and unlocked from any
// goroutine or task.
type Guard[T any] struct {
	m *Mutex[T]
	// unlocked turns true once, at the first Unlock (a CAS, so that two
	// racing Unlocks cannot both release the lock).
	unlocked atomic.Bool
}

// Value returns a pointer to the value the mutex guards. It is valid only
// until Unlock; it panics with "mutex: Value of unlocked Guard" after.
func (g *Guard[T]) Value() *T {
	if g.unlocked.Load() {
		panic("mutex: Value of unlocked Guard")
	}
	return &g.m.value
}

// Unlock releases the lock, handing it to the oldest waiter if any (that
// waiter's task is woken). Writes made through Value before Unlock happen
// before the next owner's Lock returns. Unlocking twice panics with
// "mutex: Unlock of unlocked Guard".
func (g *Guard[T]) Unlock() {
	if !g.unlocked.CompareAndSwap(false, true) {
		panic("mutex: Unlock of unlocked Guard")
	}
	g.m.unlock()
}
