package futuretest

// TestingT is the part of *testing.T (and *testing.B, *testing.F) that the
// helpers of this package use, kept small so that a test can pass a
// recorder of its own, as goleak does. The helpers call Helper first, so
// failures point at the caller's line.
//
// FailNow and Fatalf must not return (testing.T's call runtime.Goexit). A
// helper that also implements Failed() bool (as *testing.T does) lets
// [DropAtEveryAwait] notice that a check failed through Errorf and name the
// k at which it did.
type TestingT interface {
	Helper()
	Errorf(format string, args ...any)
	FailNow()
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// failer is implemented by *testing.T: it tells whether the test has failed.
type failer interface{ Failed() bool }

// failed reports whether t says it has failed (false if it cannot say).
func failed(t TestingT) bool {
	f, ok := t.(failer)
	return ok && f.Failed()
}
