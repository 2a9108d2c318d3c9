// Package exectest gives the tests of Kettle's I/O packages (net/tcp,
// net/udp, aio) their executor: one Local per test, closed when the test
// ends, and one-call helpers to run a future on it. A socket moves to the
// reactor of whichever executor polls it, so tests that keep to one
// executor keep one registration; closing it at the end releases its
// reactor's descriptors, which fd-count tests rely on.
//
// It is for tests only (it imports testify); no library package imports it.
package exectest

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// New returns a fresh Local built with opts, closed (and its Close
// asserted nil) when t ends.
func New(t testing.TB, opts ...executor.Option) *executor.Local {
	t.Helper()
	ex := executor.NewLocal(opts...)
	t.Cleanup(func() { assert.NoError(t, ex.Close()) })
	return ex
}

// execs holds each test's own executor (see For).
var execs sync.Map // testing.TB -> *executor.Local

// For returns t's own executor, made with New on first use.
func For(t testing.TB) *executor.Local {
	t.Helper()
	if ex, ok := execs.Load(t); ok {
		return ex.(*executor.Local)
	}
	ex := New(t)
	execs.Store(t, ex)
	t.Cleanup(func() { execs.Delete(t) })
	return ex
}

// RunOn drives ex until f is ready (other tasks of ex run meanwhile) and
// requires that Run succeeded.
func RunOn[T any](t testing.TB, ex *executor.Local, f future.Future[T]) T {
	t.Helper()
	v, err := executor.Run(ex, f)
	require.NoError(t, err)
	return v
}

// Block runs f on t's own executor (For).
func Block[T any](t testing.TB, f future.Future[T]) T {
	t.Helper()
	return RunOn(t, For(t), f)
}
