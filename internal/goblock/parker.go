package goblock

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// Parker is a reusable Context whose waker unblocks [Parker.Wait]. A
// Parker serves one goroutine at a time (callers serialize on their own
// lock); its waker may fire from any goroutine. Wakes coalesce: a wake
// before Wait makes that Wait return at once; a thousand wakes make one.
type Parker struct {
	cx *future.Context
	ch chan struct{} // capacity 1: a pending wake-up
}

// NewParker returns a Parker; one allocation of a Context, a channel and
// a closure, reused for every wait.
func NewParker() *Parker {
	ch := make(chan struct{}, 1)
	w := waker.Func(func() {
		select {
		case ch <- struct{}{}:
		default: // a wake-up is already pending
		}
	})
	return &Parker{cx: future.NewContext(w), ch: ch}
}

// Context returns the Context to poll with: no services (so sockets use
// the fallback reactor), unlimited budget, this Parker's waker.
func (p *Parker) Context() *future.Context { return p.cx }

// Waker returns the Parker's waker.
func (p *Parker) Waker() waker.Waker { return p.cx.Waker() }

// Wait blocks until the waker fires (true) or cancel is closed (false).
// A nil cancel never fires.
func (p *Parker) Wait(cancel <-chan struct{}) bool {
	select {
	case <-p.ch:
		return true
	case <-cancel:
		return false
	}
}
