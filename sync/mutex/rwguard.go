package mutex

import (
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/taskcx"
)

// ReadGuard is a shared hold on an [RWMutex]: it gives read access to the
// value until [ReadGuard.Unlock]. It may be unlocked from any goroutine.
type ReadGuard[T any] struct {
	rw       *RWMutex[T]
	tok      *taskcx.Token // the task that took the hold (nil: TryRead)
	unlocked atomic.Bool   // set once by the first Unlock
}

// Value returns a pointer to the guarded value, to be read (not written:
// other readers may be reading it at the same time) until Unlock. It panics
// with "mutex: Value of unlocked ReadGuard" after Unlock.
func (g *ReadGuard[T]) Value() *T {
	if g.unlocked.Load() {
		panic("mutex: Value of unlocked ReadGuard")
	}
	return &g.rw.value
}

// Unlock releases the read hold; the last reader out hands the lock to the
// waiting writer, if any. Unlocking twice panics with
// "mutex: Unlock of unlocked ReadGuard".
func (g *ReadGuard[T]) Unlock() {
	if !g.unlocked.CompareAndSwap(false, true) {
		panic("mutex: Unlock of unlocked ReadGuard")
	}
	g.rw.release(false, g.tok)
}

// WriteGuard is the exclusive hold on an [RWMutex]: it gives read and write
// access to the value until [WriteGuard.Unlock]. It may be unlocked from any
// goroutine.
type WriteGuard[T any] struct {
	rw       *RWMutex[T]
	unlocked atomic.Bool // set once by the first Unlock
}

// Value returns a pointer to the guarded value, valid until Unlock. It
// panics with "mutex: Value of unlocked WriteGuard" after Unlock.
func (g *WriteGuard[T]) Value() *T {
	if g.unlocked.Load() {
		panic("mutex: Value of unlocked WriteGuard")
	}
	return &g.rw.value
}

// Unlock releases the write lock and hands it to the front of the line (a
// writer, or every reader up to the next writer). Writes made through Value
// happen before those waiters' futures return. Unlocking twice panics with
// "mutex: Unlock of unlocked WriteGuard".
func (g *WriteGuard[T]) Unlock() {
	if !g.unlocked.CompareAndSwap(false, true) {
		panic("mutex: Unlock of unlocked WriteGuard")
	}
	g.rw.release(true, nil)
}
