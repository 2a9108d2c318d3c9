package timer

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/wheel"
)

// TestMaxSleepFiresAtItsDeadline: Sleep(math.MaxInt64) under a virtual
// clock fires once the clock reaches the driver's next deadline, never
// before its own deadline. Before the deadline arithmetic saturated, the
// next deadline the driver reported was a millisecond short of the wheel
// slot the timer sat in, so advancing to it fired nothing, forever.
func TestMaxSleepFiresAtItsDeadline(t *testing.T) {
	h := newHarness(t)
	c := &counter{}
	s := Sleep(math.MaxInt64)
	require.False(t, pollUnit(t, s, h.cx(c.w())))
	next, ok := h.drv.NextDeadline()
	require.True(t, ok)
	require.False(t, next.Before(s.Deadline()), "the reported deadline is not before the timer's")
	h.vc.AdvanceTo(next)
	require.Equal(t, 1, c.count(), "advancing to the reported deadline fires the timer")
	require.True(t, pollUnit(t, s, h.cx(c.w())))
	require.False(t, h.vc.Now().Before(t0.Add(math.MaxInt64)))
}

func TestDeadlineArithmeticSaturates(t *testing.T) {
	h := newHarness(t)
	d := h.drv
	for _, tc := range []struct {
		name string
		t    time.Time
	}{
		{"292 years", t0.Add(math.MaxInt64)},
		{"1000 years", t0.AddDate(1000, 0, 0).Add(time.Nanosecond)},
		{"a million years", t0.AddDate(1_000_000, 0, 0)},
	} {
		ms := d.ceilMs(tc.t)
		require.False(t, d.msTime(ms).Before(tc.t), tc.name)
		require.Equal(t, ms, d.floorMs(d.msTime(ms)), tc.name)
	}
	far := t0.AddDate(200_000_000, 0, 0)
	require.Equal(t, wheel.MaxDeadline, d.ceilMs(far), "beyond the wheel: clamped")
	require.Equal(t, wheel.MaxDeadline, d.floorMs(far))
	require.Zero(t, d.ceilMs(t0.Add(-time.Hour)))
}
