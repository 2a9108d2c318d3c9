package unawaited

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
)

func mustPanic(t *testing.T, f func()) { f() }

func TestMeant(t *testing.T) {
	_ = future.Value(1) // a test that means it
	mustPanic(t, func() { future.Lazy[int](nil) })
	cases := map[string]func(){
		"nil": func() { future.PollFn[int](nil) },
	}
	_ = cases
	future.Value(2) // want `unawaited: future is never polled`
}
