package futuretest

import (
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// CountingWaker is a recording pager: a [waker.Waker] target that counts
// its wakes, so a test can assert that a future which returned Pending did
// (or did not) arrange to be woken: futures-test's new_count_waker and
// tokio-test's is_woken.
//
// Wake is safe from any goroutine; the count is an atomic, so a Wake
// happens before a Count or IsWoken that observes it. The zero value is
// ready to use. A CountingWaker must not be copied after first use.
type CountingWaker struct {
	n  atomic.Int64
	cx *future.Context
}

// NewCountingWaker returns a CountingWaker with a count of zero.
func NewCountingWaker() *CountingWaker { return &CountingWaker{} }

// Wake implements [waker.Wakeable]: it adds one to the count.
func (w *CountingWaker) Wake() { w.n.Add(1) }

// Waker returns a [waker.Waker] that wakes w; it allocates nothing.
func (w *CountingWaker) Waker() waker.Waker { return waker.New(w) }

// Count returns how many times w has been woken.
func (w *CountingWaker) Count() int { return int(w.n.Load()) }

// IsWoken reports whether w has been woken at least once since it was made
// or last [CountingWaker.Reset].
func (w *CountingWaker) IsWoken() bool { return w.n.Load() > 0 }

// Reset sets the count back to zero.
func (w *CountingWaker) Reset() { w.n.Store(0) }

// Context returns a [future.Context] carrying w's waker and nothing else
// (no services, no chooser, unlimited budget), built on the first call and
// reused after: poll a future with it to watch its wakes. Like every
// Context, it belongs to one poll at a time.
func (w *CountingWaker) Context() *future.Context {
	if w.cx == nil {
		w.cx = future.NewContext(w.Waker())
	}
	return w.cx
}
