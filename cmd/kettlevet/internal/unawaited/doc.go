// Package unawaited defines the unawaited analyzer: a future created and
// dropped on the floor.
//
// A Kettle future is lazy, a recipe card: nothing happens until it is
// polled. A future that is created and then never polled, spawned or
// dropped is a silent no-op (Rust's #[must_use] on futures catches the same
// mistake). The analyzer reports a value whose type has the method
// Poll(*future.Context) future.Poll[T] when it is
//
//   - the value of an expression statement, or the result of a call in a
//     defer or go statement,
//   - assigned to the blank identifier (in a function body; the
//     package-level "var _ future.Future[T] = (*F)(nil)" interface check is
//     not a future being dropped), or
//   - stored in a local variable that nothing consumes: the local is only
//     overwritten, or used as the receiver of methods other than Poll and
//     Drop (a future whose Unsent is read but that was never polled).
//
// Bad:
//
//	func handle(co *future.Co, tx *mpsc.Sender[int]) {
//		tx.Send(1)                   // the value is never sent
//		_ = timer.Sleep(time.Second) // nothing waits
//	}
//
// Good:
//
//	func handle(co *future.Co, tx *mpsc.Sender[int]) {
//		if err := future.Await(co, tx.Send(1)); err != nil { ... }
//		future.Await(co, timer.Sleep(time.Second))
//	}
//
// Not reported: executor.JoinHandle (the task runs whether or not the
// handle is awaited, so dropping the handle detaches it), calls that return
// errors or plain values (oneshot's Send, Abort, Drop), type conversions,
// and futures that go anywhere else: passed to a function, returned,
// stored, captured by a closure, sent on a channel.
//
// Tests: a _test.go file drops futures on purpose in two idioms, which are
// not reported there: an explicit "_ = f" (a test that shows a future is
// lazy), and a function literal whose whole body is one call (the panic
// probe of require.Panics(t, func() { future.Lazy[int](nil) })). Other
// expression statements and unconsumed locals are reported in tests too.
// Generated files are skipped.
package unawaited
