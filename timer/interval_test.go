package timer

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/taskcx"
)

// ticks polls iv until it is pending, returning the ticks it yielded, as
// offsets from t0.
func ticks(t *testing.T, h *harness, iv *Interval, w *counter) []time.Duration {
	t.Helper()
	var out []time.Duration
	for {
		tick, ok := iv.PollTick(h.cx(w.w())).Get()
		if !ok {
			return out
		}
		out = append(out, tick.Sub(t0))
		require.Less(t, len(out), 1000, "interval never pending")
	}
}

func ms(v ...int) []time.Duration {
	out := make([]time.Duration, len(v))
	for i, x := range v {
		out[i] = time.Duration(x) * time.Millisecond
	}
	return out
}

func TestIntervalOnSchedule(t *testing.T) {
	h := newHarness(t)
	iv, w := NewInterval(10*time.Millisecond), &counter{}
	require.Equal(t, ms(0), ticks(t, h, iv, w), "first tick is immediate")
	for i := 1; i <= 5; i++ {
		next, ok := h.drv.NextDeadline()
		require.True(t, ok)
		require.Equal(t, at(time.Duration(i)*10*time.Millisecond), next)
		h.vc.AdvanceTo(next)
		require.Equal(t, i, w.count())
		require.Equal(t, ms(i*10), ticks(t, h, iv, w))
	}
	iv.Drop()
	require.Zero(t, h.drv.Armed())
}

func TestIntervalMissedTickBehavior(t *testing.T) {
	cases := []struct {
		b      MissedTickBehavior
		at35   []int // ticks yielded when first polled again at 35 ms
		after  []int // the next ticks, each polled when due
		at1000 []int // ticks yielded at 1000 ms (late again)
	}{
		{Burst, []int{10, 20, 30}, []int{40, 50}, nil},
		{Delay, []int{10}, []int{45, 55}, nil},
		{Skip, []int{10}, []int{40, 50}, nil},
	}
	for _, c := range cases {
		t.Run(c.b.String(), func(t *testing.T) {
			h := newHarness(t)
			iv, w := NewInterval(10*time.Millisecond, c.b), &counter{}
			require.Equal(t, c.b, iv.MissedTickBehavior())
			require.Equal(t, ms(0), ticks(t, h, iv, w))
			h.advanceTo(35 * time.Millisecond) // busy until 35 ms
			require.Equal(t, ms(c.at35...), ticks(t, h, iv, w))
			for _, want := range c.after {
				next, _ := h.drv.NextDeadline()
				require.Equal(t, at(time.Duration(want)*time.Millisecond), next)
				h.vc.AdvanceTo(next)
				require.Equal(t, ms(want), ticks(t, h, iv, w))
			}
			iv.Drop()
		})
	}
}

func TestIntervalLatenessWithinThresholdKeepsSchedule(t *testing.T) {
	h := newHarness(t)
	iv, w := NewInterval(10*time.Millisecond, Delay), &counter{}
	ticks(t, h, iv, w)
	h.advanceTo(15 * time.Millisecond) // 5 ms late: on time
	require.Equal(t, ms(10), ticks(t, h, iv, w))
	next, _ := h.drv.NextDeadline()
	require.Equal(t, at(20*time.Millisecond), next)
	iv.SetMissedTickBehavior(Skip)
	h.advanceTo(46 * time.Millisecond)
	require.Equal(t, ms(20), ticks(t, h, iv, w))
	next, _ = h.drv.NextDeadline()
	require.Equal(t, at(50*time.Millisecond), next)
	iv.Drop()
}

func TestIntervalStartAtAndReset(t *testing.T) {
	h := newHarness(t)
	iv, w := NewInterval(time.Second, StartAt(at(5*time.Second))), &counter{}
	require.Empty(t, ticks(t, h, iv, w))
	h.advanceTo(5 * time.Second)
	require.Equal(t, []time.Duration{5 * time.Second}, ticks(t, h, iv, w))
	h.advanceTo(5500 * time.Millisecond)
	iv.Reset()
	next, _ := h.drv.NextDeadline()
	require.Equal(t, at(6500*time.Millisecond), next)
	iv.Drop()
	iv.Drop()
	requirePanicsWith(t, "*timer.Interval polled after Drop", func() { iv.PollTick(h.cx(waker0)) })

	never := NewInterval(time.Second)
	never.Reset() // never polled: first tick a period after the first poll
	require.Empty(t, ticks(t, h, never, w))
	next, _ = h.drv.NextDeadline()
	require.Equal(t, at(6500*time.Millisecond), next)
	never.Drop()
}

func TestIntervalTickFuture(t *testing.T) {
	h := newHarness(t)
	iv, w := NewInterval(10*time.Millisecond), &counter{}
	f := iv.Tick()
	tick, ok := f.Poll(h.cx(w.w())).Get()
	require.True(t, ok)
	require.Equal(t, t0, tick)
	requirePanicsWith(t, "polled after completion", func() { f.Poll(h.cx(w.w())) })

	// A dropped Tick loses no tick.
	f = iv.Tick()
	cx := h.cx(w.w())
	require.False(t, f.Poll(cx).IsReady())
	require.Same(t, iv, taskcx.Of(cx).WaitingOn)
	f.(interface{ Drop() }).Drop()
	h.advanceTo(10 * time.Millisecond)
	f = iv.Tick()
	tick, ok = f.Poll(h.cx(w.w())).Get()
	require.True(t, ok)
	require.Equal(t, at(10*time.Millisecond), tick)
	require.Zero(t, testing.AllocsPerRun(20, func() {
		h.vc.Advance(10 * time.Millisecond)
		iv.Tick().Poll(cx)
	}))
	iv.Drop()
}

func TestNewIntervalPanics(t *testing.T) {
	requirePanicsWith(t, "timer.NewInterval: non-positive period", func() { NewInterval(0) })
	requirePanicsWith(t, "timer.NewInterval: non-positive period", func() { NewInterval(-time.Second) })
	requirePanicsWith(t, "timer.NewInterval: nil option", func() { NewInterval(time.Second, nil) })
}

func TestIntervalString(t *testing.T) {
	h := newHarness(t)
	iv := NewInterval(time.Second)
	require.Equal(t, "timer.Interval every 1s (not polled yet)", iv.String())
	ticks(t, h, iv, &counter{})
	require.Equal(t, "timer.Interval every 1s, next tick at 12:00:01.000", iv.String())
	require.Equal(t, "MissedTickBehavior(9)", MissedTickBehavior(9).String())
	iv.Drop()
}
