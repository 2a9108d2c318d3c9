package futuretest

import (
	"github.com/kettle-rt/kettle/future"
)

// PollOnce polls f once under a fresh [future.Context] whose waker is a new
// [CountingWaker], and returns the outcome and that waker, so the caller can
// check whether a Pending f arranged a wake-up (futures' poll! and
// tokio-test's task::spawn(f).poll() in one call). Polling f again with the
// same waker: f.Poll(w.Context()).
//
// PollOnce panics with "futuretest.PollOnce: nil future" if f is nil.
func PollOnce[T any](f future.Future[T]) (future.Poll[T], *CountingWaker) {
	if f == nil {
		panic("futuretest.PollOnce: nil future")
	}
	w := NewCountingWaker()
	return f.Poll(w.Context()), w
}

// AssertPending polls f once (as [PollOnce]) and fails t with Errorf if f
// is ready. It returns the waker f was polled with, to assert on wakes.
func AssertPending[T any](t TestingT, f future.Future[T]) *CountingWaker {
	t.Helper()
	if f == nil {
		t.Fatalf("futuretest.AssertPending: nil future")
	}
	p, w := PollOnce(f)
	if v, ok := p.Get(); ok {
		t.Errorf("futuretest.AssertPending: %T is ready with %#v, want pending", f, v)
	}
	return w
}

// AssertReady polls f once (as [PollOnce]) and returns its value; if f is
// pending it fails t with Fatalf, which does not return.
func AssertReady[T any](t TestingT, f future.Future[T]) T {
	t.Helper()
	if f == nil {
		t.Fatalf("futuretest.AssertReady: nil future")
	}
	p, _ := PollOnce(f)
	v, ok := p.Get()
	if !ok {
		t.Fatalf("futuretest.AssertReady: %T is pending, want ready", f)
	}
	return v
}
