package timer

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestVirtualClockMovesOnlyForward(t *testing.T) {
	vc := NewVirtualClock(time.Now()) // monotonic reading stripped
	start := vc.Now()
	require.Equal(t, start, start.Round(0))
	vc.Advance(time.Second)
	require.Equal(t, start.Add(time.Second), vc.Now())
	vc.AdvanceTo(start) // the past: no-op
	require.Equal(t, start.Add(time.Second), vc.Now())
	vc.Advance(0)
	require.Equal(t, start.Add(time.Second), vc.Now())
	requirePanicsWith(t, "timer.VirtualClock.Advance: negative duration", func() { vc.Advance(-1) })
	require.Contains(t, vc.String(), "timer.VirtualClock at ")
}

func TestVirtualClockFiresEveryAttachedDriver(t *testing.T) {
	h := newHarness(t)
	d2 := NewDriver(h.vc)
	defer d2.Close()
	a, b := &counter{}, &counter{}
	require.False(t, pollUnit(t, Sleep(time.Second), h.cx(a.w())))
	cx2 := h.cx(b.w())
	svc := *h.svc // a copy of the table, then d2 in it
	d2.Register(&svc)
	cx2.SetServices(&svc)
	require.False(t, pollUnit(t, Sleep(time.Second), cx2))
	require.Equal(t, 1, d2.Armed())
	h.vc.Advance(time.Second)
	require.Equal(t, 1, a.count())
	require.Equal(t, 1, b.count())

	// A closed driver is no longer fired.
	d2.Close()
	require.Len(t, h.vc.drivers, 1)
}

func TestVirtualClockForgetsCollectedDrivers(t *testing.T) {
	vc := NewVirtualClock(t0)
	NewDriver(vc) // never closed, soon unreachable
	require.Len(t, vc.drivers, 1)
	runtime.GC()
	vc.Advance(time.Millisecond)
	require.Empty(t, vc.drivers)
}
