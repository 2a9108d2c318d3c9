// Package waker is the pager of Kettle's kitchen.
//
// A future that cannot finish yet (a [future.Future] returning Pending) keeps
// the [Waker] it was handed and pages its task with [Waker.Wake] when it can
// make progress; the executor (the manager) then puts the task (the chef at
// work) back on its run queue. This package sits at the bottom of Kettle's
// import graph: everything else uses it, it uses nothing of Kettle.
//
// Rust's wake, wake_by_ref, clone and drop collapse into copying a value: a
// [Waker] is a small comparable-by-target value that Go's garbage collector
// keeps alive for as long as anyone holds it.
//
// [Atomic] is the registration slot a leaf future shares with the goroutine
// that will wake it (futures-rs's AtomicWaker): one registrant, any number of
// wakers, no lock.
//
// [future.Future]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Future
package waker
