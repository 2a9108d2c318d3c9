package timer

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
)

func TestSleepFiresInDeadlineOrder(t *testing.T) {
	h := newHarness(t)
	durs := []time.Duration{30 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 10 * time.Millisecond, time.Second}
	sleeps := make([]*SleepFuture, len(durs))
	wakes := make([]*counter, len(durs))
	for i, d := range durs {
		sleeps[i], wakes[i] = Sleep(d), &counter{}
		require.False(t, pollUnit(t, sleeps[i], h.cx(wakes[i].w())))
	}
	require.Equal(t, 5, h.drv.Armed())
	next, ok := h.drv.NextDeadline()
	require.True(t, ok)
	require.Equal(t, at(10*time.Millisecond), next)

	var order []int
	for h.drv.Armed() > 0 {
		next, _ := h.drv.NextDeadline()
		h.vc.AdvanceTo(next)
		for i, s := range sleeps {
			if wakes[i].count() == 1 && s.phase != phaseDone {
				require.True(t, pollUnit(t, s, h.cx(wakes[i].w())), "woken sleep %d not ready", i)
				require.False(t, h.vc.Now().Before(s.Deadline()), "sleep %d completed early", i)
				order = append(order, i)
			}
		}
	}
	require.ElementsMatch(t, []int{1, 3}, order[:2])
	require.Equal(t, []int{2, 0, 4}, order[2:])
	for _, w := range wakes {
		require.Equal(t, 1, w.count(), "woken more than once")
	}
}

func TestSleepNeverEarly(t *testing.T) {
	h := newHarness(t)
	h.advanceTo(300 * time.Microsecond) // off the driver's millisecond grid
	s, w := Sleep(1500*time.Microsecond), &counter{}
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	require.Equal(t, at(1800*time.Microsecond), s.Deadline())
	h.advanceTo(1799 * time.Microsecond)
	require.Zero(t, w.count())
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	// Rounded up to the driver's next millisecond: never early, at most
	// one millisecond late.
	next, _ := h.drv.NextDeadline()
	require.Equal(t, at(2*time.Millisecond), next)
	h.advanceTo(2 * time.Millisecond)
	require.Equal(t, 1, w.count())
	require.True(t, pollUnit(t, s, h.cx(w.w())))
}

func TestSleepZeroNegativeAndPast(t *testing.T) {
	h := newHarness(t)
	h.advanceTo(time.Second)
	for _, s := range []*SleepFuture{Sleep(0), Sleep(-time.Hour), SleepUntil(t0), SleepUntil(time.Time{}), SleepUntil(at(time.Second))} {
		w := &counter{}
		require.True(t, pollUnit(t, s, h.cx(w.w())), "%v", s)
		require.Zero(t, w.count())
	}
	require.Zero(t, h.drv.Armed())
}

func TestSleepUntil(t *testing.T) {
	h := newHarness(t)
	s, w := SleepUntil(at(5*time.Second)), &counter{}
	require.Equal(t, at(5*time.Second), s.Deadline())
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	h.advanceTo(4999 * time.Millisecond)
	require.Zero(t, w.count())
	h.advanceTo(5 * time.Second)
	require.Equal(t, 1, w.count())
	require.True(t, pollUnit(t, s, h.cx(w.w())))
}

func TestSleepDropCancels(t *testing.T) {
	h := newHarness(t)
	s, w := Sleep(10*time.Millisecond), &counter{}
	s.Drop() // never polled: no-op
	s = Sleep(10 * time.Millisecond)
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	require.Equal(t, 1, h.drv.Armed())
	s.Drop()
	require.Zero(t, h.drv.Armed())
	s.Drop() // twice: no-op
	h.advanceTo(time.Second)
	require.Zero(t, w.count(), "dropped sleep woke its task")
	requirePanicsWith(t, "*timer.SleepFuture polled after Drop", func() { s.Poll(h.cx(w.w())) })
	requirePanicsWith(t, "timer.SleepFuture.Reset", func() { s.Reset(time.Second) })
}

func TestSleepPollAfterReadyPanics(t *testing.T) {
	h := newHarness(t)
	s := Sleep(0)
	require.True(t, pollUnit(t, s, h.cx(waker0)))
	requirePanicsWith(t, "*timer.SleepFuture polled after completion", func() { s.Poll(h.cx(waker0)) })
	s.Drop() // finished: no-op
	s.Drop()
}

func TestSleepUpdatesWaker(t *testing.T) {
	h := newHarness(t)
	s, a, b := Sleep(time.Millisecond), &counter{}, &counter{}
	require.False(t, pollUnit(t, s, h.cx(a.w())))
	require.False(t, pollUnit(t, s, h.cx(b.w())))
	require.False(t, pollUnit(t, s, h.cx(b.w())))
	h.advanceTo(time.Millisecond)
	require.Zero(t, a.count())
	require.Equal(t, 1, b.count())
	require.True(t, pollUnit(t, s, h.cx(b.w())))
}

func TestSleepReset(t *testing.T) {
	h := newHarness(t)
	w := &counter{}
	s := Sleep(10 * time.Millisecond)
	s.Reset(20 * time.Millisecond) // before the first poll: becomes Sleep(20ms)
	require.Equal(t, time.Time{}, s.Deadline())
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	require.Equal(t, at(20*time.Millisecond), s.Deadline())

	s.Reset(5 * time.Millisecond) // earlier, while pending
	require.Equal(t, 1, h.drv.Armed())
	h.advanceTo(5 * time.Millisecond)
	require.Equal(t, 1, w.count())
	require.True(t, pollUnit(t, s, h.cx(w.w())))
	require.Zero(t, h.drv.Armed())

	s.Reset(10 * time.Millisecond) // after completion: pending again
	require.Equal(t, at(15*time.Millisecond), s.Deadline())
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	s.ResetAt(at(40 * time.Millisecond)) // later, while pending
	h.advanceTo(39 * time.Millisecond)
	require.Equal(t, 1, w.count())
	require.False(t, pollUnit(t, s, h.cx(w.w())))

	s.ResetAt(at(time.Millisecond)) // into the past: wakes the waiting task
	require.Equal(t, 2, w.count())
	require.Zero(t, h.drv.Armed())
	require.True(t, pollUnit(t, s, h.cx(w.w())))

	u := SleepUntil(at(time.Hour))
	u.ResetAt(at(time.Minute)) // never polled
	require.Equal(t, at(time.Minute), u.Deadline())
	u.Drop()
}

func TestSleepSpendsBudget(t *testing.T) {
	h := newHarness(t)
	w := &counter{}
	cx := h.cx(w.w())
	s := Sleep(time.Millisecond)
	require.False(t, pollUnit(t, s, cx))
	h.advanceTo(time.Millisecond)
	require.Equal(t, 1, w.count())
	taskcx.Of(cx).Budget = 0
	require.False(t, pollUnit(t, s, cx), "a due sleep completed without budget")
	require.Equal(t, 2, w.count(), "budget exhaustion did not wake the task")
	taskcx.Of(cx).Budget = 2
	require.True(t, pollUnit(t, s, cx))
	require.Equal(t, 1, cx.Budget())

	// The same at the first poll of an already-due sleep.
	z := Sleep(0)
	taskcx.Of(cx).Budget = 0
	require.False(t, pollUnit(t, z, cx))
	taskcx.Of(cx).Budget = 1
	require.True(t, pollUnit(t, z, cx))
}

func TestSleepRecordsWaitingOn(t *testing.T) {
	h := newHarness(t)
	s := Sleep(5 * time.Second)
	require.Equal(t, "timer.Sleep for 5s (not polled yet)", s.String())
	cx := h.cx(waker0)
	require.False(t, pollUnit(t, s, cx))
	require.Same(t, s, taskcx.Of(cx).WaitingOn)
	require.Equal(t, "timer.Sleep until 12:00:05.000", taskcx.Of(cx).WaitingOn.String())
	s.Drop()
}

func TestSleepFarDeadlineClampedStillFires(t *testing.T) {
	h := newHarness(t)
	const threeYears = 3 * 365 * 24 * time.Hour // beyond the wheel's 2^36 ms span
	s, w := Sleep(threeYears), &counter{}
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	next, ok := h.drv.NextDeadline()
	require.True(t, ok)
	require.Equal(t, at(threeYears), next)
	h.advanceTo(threeYears - time.Millisecond)
	require.Zero(t, w.count())
	h.advanceTo(threeYears)
	require.Equal(t, 1, w.count())
	require.True(t, pollUnit(t, s, h.cx(w.w())))

	// The longest sleep there is arms, reports a deadline, and drops.
	m := Sleep(time.Duration(1<<63 - 1))
	require.False(t, pollUnit(t, m, h.cx(w.w())))
	next, ok = h.drv.NextDeadline()
	require.True(t, ok)
	require.True(t, next.After(at(290*365*24*time.Hour)))
	m.Drop()
	require.Zero(t, h.drv.Armed())
}

func TestSleepCreatedAndDroppedLeavesNothing(t *testing.T) {
	h := newHarness(t)
	n := 1_000_000
	if raceEnabled || testing.Short() {
		n = 100_000
	}
	cx := h.cx(waker0)
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	for i := range n {
		s := Sleep(time.Duration(1+i%5000) * time.Millisecond)
		if s.Poll(cx).IsReady() {
			t.Fatal("ready")
		}
		s.Drop()
	}
	require.Zero(t, h.drv.Armed())
	_, ok := h.drv.NextDeadline()
	require.False(t, ok)
	after := heap()
	// Allow noise, but not a byte per timer.
	require.Less(t, int64(after)-int64(before), int64(n/4), "heap grew by %d bytes", int64(after)-int64(before))
}

func TestSleepBytesPerTimer(t *testing.T) {
	h := newHarness(t)
	const n = 10000
	cx := h.cx(waker0)
	sleeps := make([]*SleepFuture, n)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i := range sleeps {
		sleeps[i] = Sleep(time.Duration(1+i) * time.Millisecond)
		sleeps[i].Poll(cx)
	}
	runtime.ReadMemStats(&m1)
	per := float64(m1.TotalAlloc-m0.TotalAlloc) / n
	t.Logf("%.0f bytes allocated per armed sleep", per)
	require.LessOrEqual(t, per, 128.0)
	for _, s := range sleeps {
		s.Drop()
	}
}

func TestSleepSteadyStatePollAllocatesNothing(t *testing.T) {
	h := newHarness(t)
	cx := h.cx(waker0)
	s := Sleep(time.Hour)
	s.Poll(cx)
	allocs := testing.AllocsPerRun(100, func() {
		s.Poll(cx)
		s.Reset(time.Minute)
	})
	require.Zero(t, allocs)
	s.Drop()
}

// waker0 is a waker that does nothing.
var waker0 = (&counter{}).w()

var _ future.Future[future.Unit] = (*SleepFuture)(nil)
var _ future.Dropper = (*SleepFuture)(nil)
