package timer_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

func TestNowVirtual(t *testing.T) {
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	vc := timer.NewVirtualClock(start)
	d := timer.NewDriver(vc)
	defer d.Close()
	var s future.Services
	d.Register(&s)
	cx := future.NewContext(waker.Noop())
	cx.SetServices(&s)
	now, ok := timer.Now().Poll(cx).Get()
	require.True(t, ok)
	require.True(t, now.Equal(start), "%v", now)
	vc.Advance(time.Hour)
	now, _ = timer.Now().Poll(cx).Get()
	require.True(t, now.Equal(start.Add(time.Hour)), "%v", now)
	require.Equal(t, timer.Clock(vc), timer.ClockOf(cx))
}

func TestNowReal(t *testing.T) {
	before := time.Now()
	f := timer.Now()
	now, ok := f.Poll(future.NewContext(waker.Noop())).Get()
	require.True(t, ok)
	require.False(t, now.Before(before))
	require.Panics(t, func() { f.Poll(future.NewContext(waker.Noop())) })
}
