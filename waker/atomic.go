package waker

import (
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/nocopy"
)

// State bits of [Atomic].state.
//
//	waiting     (0)   idle: the slot may be read by a waker or written by Register.
//	registering (1)   Register owns the slot and is writing it.
//	waking      (2)   a Wake (or Take) owns the slot and is reading it; if
//	                  set while registering, Register must wake the waker it
//	                  just stored, because the Wake that set it could not.
//
// Transitions: waiting→registering (Register's CAS); registering→waiting
// (Register's CAS, no concurrent wake); registering|waking→waiting (Register
// saw the wake and takes it over); waiting→waking (Wake/Take's fetch-or);
// waking→waiting (Wake/Take done). Every transition is a sequentially
// consistent atomic, so the write of the slot by Register happens before the
// read of it by the Wake that finds state waiting, and vice versa.
const (
	waiting     = 0
	registering = 1
	waking      = 2
)

// Atomic holds the waker of the one future that waits on a resource, while
// any number of goroutines may wake it: the futures-rs AtomicWaker. The zero
// value is ready to use and holds no waker. It must not be copied after first
// use.
//
// Guarantee: a Wake that happens after a Register began wakes either the
// waker that Register stored or, if it ran concurrently, makes Register wake
// it before returning. So the leaf-future pattern "Register(cx.Waker()); then
// check the resource; if not ready return Pending" never loses a wake-up.
type Atomic struct {
	_     nocopy.NoCopy
	state atomic.Uint32
	waker Waker // guarded by state: written only by the registering owner, read only by the waking owner
}

// Register stores w, replacing the previous waker (which is not woken). Only
// one goroutine may call Register at a time (the future's owner); Wake and
// Take may run concurrently with it from anywhere.
func (a *Atomic) Register(w Waker) {
	if a.state.CompareAndSwap(waiting, registering) {
		// We own the slot until we release it.
		a.waker = w
		if a.state.CompareAndSwap(registering, waiting) {
			return
		}
		// A Wake arrived while we held the slot (state is registering|waking):
		// it could not read the slot, so the wake-up is ours to deliver.
		wk := a.waker
		a.waker = Waker{}
		a.state.Store(waiting)
		wk.Wake()
		return
	}
	// A Wake or Take is reading the slot right now (state is waking): the
	// resource changed after the caller last looked, so wake w at once rather
	// than store it; the caller will poll again.
	w.Wake()
}

// Wake wakes and removes the registered waker, if any. It is safe from any
// goroutine and any number of times; a registered waker is woken at most once
// per registration.
func (a *Atomic) Wake() {
	if w := a.Take(); !w.IsNoop() {
		w.Wake()
	}
}

// Take removes and returns the registered waker without waking it (the
// zero Waker when none is registered or a Register is in progress; that
// Register then wakes its own waker).
func (a *Atomic) Take() Waker {
	switch a.state.Or(waking) {
	case waiting:
		// We own the slot.
		w := a.waker
		a.waker = Waker{}
		a.state.And(^uint32(waking))
		return w
	default:
		// registering: Register sees our bit and wakes its waker itself.
		// waking: another Wake is already taking it.
		return Waker{}
	}
}
