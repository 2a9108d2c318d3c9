package waker

// Wakeable is what a [Waker] pages: usually an executor's task.
//
// Wake may be called from any goroutine, any number of times, including
// after the target has finished; implementations make a wake of a target
// that is already scheduled or complete a no-op.
type Wakeable interface {
	Wake()
}

// Waker wakes one target. It is a small value: copy it freely, store it,
// send it to another goroutine. The zero value is a no-op waker, the same as
// [Noop].
type Waker struct {
	w Wakeable
}

// New returns a Waker that calls w.Wake. A nil w gives the no-op waker.
// Storing a pointer in the Waker does not allocate.
func New(w Wakeable) Waker { return Waker{w: w} }

// Noop returns a Waker whose Wake does nothing.
func Noop() Waker { return Waker{} }

// funcWaker makes a function Wakeable. It is a pointer so that two Wakers
// made by one call of [Func] compare equal in [Waker.WillWake] (funcs are
// not comparable; pointers are).
type funcWaker struct{ f func() }

func (f *funcWaker) Wake() { f.f() }

// Func returns a Waker that calls f on every Wake. f must be safe to call
// from any goroutine. A nil f gives the no-op waker. Each call of Func makes
// a distinct target: WillWake reports true only for copies of the same
// returned Waker.
func Func(f func()) Waker {
	if f == nil {
		return Waker{}
	}
	return Waker{w: &funcWaker{f: f}}
}

// Wake pages the target. It is safe from any goroutine and never blocks on
// the target's executor. Waking a task that is already queued or finished is
// a no-op.
func (w Waker) Wake() {
	if w.w != nil {
		w.w.Wake()
	}
}

// IsNoop reports whether w wakes nothing.
func (w Waker) IsNoop() bool { return w.w == nil }

// WillWake reports whether w and other wake the same target. Leaf futures use
// it to skip re-registering an unchanged waker. It never panics: targets of
// a non-comparable dynamic type compare unequal (that costs a second
// registration, never a lost wake-up).
func (w Waker) WillWake(other Waker) bool {
	return sameTarget(w.w, other.w)
}

func sameTarget(a, b Wakeable) (same bool) {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	// Comparing two interfaces whose dynamic type is the same uncomparable
	// type (a struct holding a slice, say) panics; recover makes that "not
	// the same", which is always safe for WillWake's callers.
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}
