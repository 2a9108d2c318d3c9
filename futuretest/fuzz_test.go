package futuretest_test

import (
	"errors"
	"testing"

	"github.com/kettle-rt/kettle/futuretest"
)

// FuzzReplaySchedule feeds arbitrary schedule strings to Replay: it must
// either run (pass or fail cleanly) or reject the string with
// ErrBadSchedule or ErrDiverged, never panic or hang.
func FuzzReplaySchedule(f *testing.F) {
	for _, s := range []string{"v1:", "v1:0", "v1:1.0.1", "v1:seed=42", "v1:seed=x", "v2:0", "v1:-1", "v1:01", "v1:0..1", "v1:99999999999999999999", "v1:faults:0.1", "v1:faults:seed=7", "v1:faults:", "v1:faults:faults:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &recT{}
		got := futuretest.Replay(r, s, twoYielders)
		if got == nil {
			return
		}
		if !errors.Is(got.Err, futuretest.ErrBadSchedule) && !errors.Is(got.Err, futuretest.ErrDiverged) {
			t.Fatalf("Replay(%q): unexpected failure %v", s, got.Err)
		}
	})
}
