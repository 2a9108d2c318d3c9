// Package goleak is a stub of go.uber.org/goleak for kettlevet's tests: the
// test files of the corpus guard against leaks as every package's tests do.
package goleak

// TestingM is the part of *testing.M that VerifyTestMain uses.
type TestingM interface{ Run() int }

// VerifyTestMain runs the tests (the stub checks nothing).
func VerifyTestMain(m TestingM) { m.Run() }
