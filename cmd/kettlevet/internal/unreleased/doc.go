// Package unreleased defines the unreleased analyzer: a guard or a permit
// that a path out of the function forgets to give back.
//
// Go has no destructors: a mutex.Guard, mutex.ReadGuard, mutex.WriteGuard,
// semaphore.Permit or mpsc.Permit is released only by an explicit Unlock,
// Release (or, for an mpsc permit, Send). One early return that skips it
// wedges every task that waits for the lock, the permits or the channel
// slot. The analyzer follows the function's control-flow graph from each
// place a guard or permit is obtained and reports it if some path reaches
// a return with the guard still held.
//
// Bad:
//
//	g := future.Await(co, m.Lock())
//	if !valid(*g.Value()) {
//		return errInvalid // g is still locked
//	}
//	g.Unlock()
//
// Good:
//
//	g := future.Await(co, m.Lock())
//	defer g.Unlock()
//	if !valid(*g.Value()) {
//		return errInvalid
//	}
//
// What counts as obtained: a local variable assigned from future.Await,
// from a Try method of a Kettle type (TryLock, TryAcquire ...), from the
// Get of a future.Result or future.Poll, or from a Result's Value field.
// The analyzer knows the conditions that say such a variable holds
// nothing: after g, ok := m.TryLock(), the path where ok is false; after
// p, err := r.Get(), the path where err is not nil (likewise r.Err); the
// path where g is nil. A deferred release (defer g.Unlock(), or a deferred
// function literal that calls it) covers every return after it.
//
// What is not reported, to have no false positives: a guard that escapes
// — returned, stored anywhere, passed to a function, captured by a
// closure, sent on a channel — is someone else's to release; paths that
// end in a panic; conditions it cannot read (g acquired under one if and
// released under another with the same condition is reported), and a
// condition it cannot read that names the guard or its ok/err (as in
// if assert.True(t, ok) { g.Unlock() }) ends the tracking on both
// branches. Generated files are skipped; so are _test.go files, which hold
// guards on purpose to make other tasks wait.
package unreleased
