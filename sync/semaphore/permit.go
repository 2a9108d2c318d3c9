package semaphore

import "sync/atomic"

// Permit is a number of permits held from a [Semaphore] until
// [Permit.Release]. It may be released from any goroutine or task.
type Permit struct {
	s *Semaphore
	n int
	// released turns true once, at the first Release (a CAS, so that two
	// racing Releases cannot both return the permits).
	released atomic.Bool
}

// N returns the number of permits held (0 after Release).
func (p *Permit) N() int {
	if p.released.Load() {
		return 0
	}
	return p.n
}

// Release gives the permits back to the semaphore, to the oldest waiters
// first. Releasing twice panics with "semaphore: Release of released Permit".
func (p *Permit) Release() {
	if !p.released.CompareAndSwap(false, true) {
		panic("semaphore: Release of released Permit")
	}
	p.s.release(p)
}
