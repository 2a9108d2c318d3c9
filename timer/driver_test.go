package timer

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
)

func TestDriverRegisterRoutesTimers(t *testing.T) {
	h := newHarness(t)
	other := NewDriver(h.vc)
	defer other.Close()
	require.Same(t, h.vc, h.drv.Clock())
	s := Sleep(time.Second)
	require.False(t, pollUnit(t, s, h.cx(waker0)))
	require.Equal(t, 1, h.drv.Armed())
	require.Zero(t, other.Armed())
	require.Zero(t, fallbackDriver().Armed(), "a context with a driver used the fallback")
	s.Drop()
	requirePanicsWith(t, "timer.Driver.Register: nil services", func() { h.drv.Register(nil) })
}

func TestDriverFireCountsAndNextDeadline(t *testing.T) {
	// A driver fired by hand, on a Clock of the test's own.
	c := &manualClock{now: t0}
	d := NewDriver(c)
	defer d.Close()
	svc := &future.Services{}
	d.Register(svc)
	cx := future.NewContext(waker0)
	cx.SetServices(svc)
	_, ok := d.NextDeadline()
	require.False(t, ok)
	for _, ms := range []int{5, 5, 7, 100} {
		require.False(t, Sleep(time.Duration(ms)*time.Millisecond).Poll(cx).IsReady())
	}
	require.Equal(t, 4, d.Armed())
	c.set(t0.Add(6 * time.Millisecond))
	require.Equal(t, 2, d.fire())
	require.Equal(t, 0, d.fire())
	next, _ := d.NextDeadline()
	require.Equal(t, t0.Add(7*time.Millisecond), next)
	c.set(t0.Add(time.Second))
	require.Equal(t, 2, d.fire())
	require.Zero(t, d.Armed())
}

func TestDriverCloseWakesNothing(t *testing.T) {
	h := newHarness(t)
	s, w := Sleep(time.Millisecond), &counter{}
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	h.drv.Close()
	h.drv.Close()
	require.Zero(t, h.drv.Armed())
	h.advanceTo(time.Second)
	require.Zero(t, w.count())
	// Timers of a closed driver never fire, and never panic.
	require.False(t, pollUnit(t, s, h.cx(w.w())))
	require.False(t, pollUnit(t, Sleep(time.Millisecond), h.cx(w.w())))
	require.Zero(t, h.drv.Armed())
	require.True(t, pollUnit(t, Sleep(0), h.cx(w.w())), "a due sleep still completes")
	s.Drop()
}

func TestDriverConcurrentUse(t *testing.T) {
	// Many goroutines arm, re-poll and drop timers while others fire: the
	// race detector checks the locking, the counts check nothing is lost.
	h := newHarness(t)
	const workers, per = 4, 300
	var wg sync.WaitGroup
	done := make(chan struct{})
	var fired sync.WaitGroup
	fired.Add(workers * per / 2)
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				s := Sleep(time.Duration(1+(g+i)%7) * time.Millisecond)
				if i%2 == 0 {
					s.Poll(h.cx(waker0))
					s.Drop()
					continue
				}
				var once sync.Once
				w := &funcWaker{f: func() { once.Do(fired.Done) }}
				// The clock moves under our feet: a sleep may be due by
				// the time it arms (ready, no wake) or fire between polls.
				ready := s.Poll(h.cx(w.w())).IsReady()
				if !ready {
					ready = s.Poll(h.cx(w.w())).IsReady()
				}
				if ready {
					once.Do(fired.Done)
				}
			}
		}()
	}
	go func() {
		for {
			select {
			case <-done:
				return
			default:
				h.vc.Advance(time.Millisecond)
				runtime.Gosched()
			}
		}
	}()
	wg.Wait()
	fired.Wait()
	close(done)
	require.Zero(t, h.drv.Armed())
}

// manualClock is a Clock of a test's own: its driver is fired by hand.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func TestDriverWatch(t *testing.T) {
	h := newHarness(t)
	calls := 0
	wake := func() { calls++ }
	arm := func(d time.Duration) *SleepFuture {
		s := Sleep(d)
		require.False(t, pollUnit(t, s, h.cx(waker0)))
		return s
	}
	var armed []*SleepFuture
	h.drv.watch(at(10*time.Millisecond), wake)
	armed = append(armed, arm(20*time.Millisecond)) // later than the watch: no wake
	require.Zero(t, calls)
	armed = append(armed, arm(5*time.Millisecond)) // earlier: one wake, watch cleared
	require.Equal(t, 1, calls)
	armed = append(armed, arm(time.Millisecond))
	require.Equal(t, 1, calls)

	h.drv.watch(time.Time{}, wake) // no deadline: any arm wakes
	armed = append(armed, arm(time.Hour))
	require.Equal(t, 2, calls)

	h.drv.watch(time.Time{}, wake)
	h.drv.unwatch()
	armed = append(armed, arm(time.Millisecond))
	require.Equal(t, 2, calls)
	for _, s := range armed {
		s.Drop()
	}
}

func TestSmallAccessors(t *testing.T) {
	require.Equal(t, "timer.RealClock", RealClock().(interface{ String() string }).String())
	require.Equal(t, RealClock(), NewDriver(nil).Clock())
	iv := NewInterval(3 * time.Second)
	require.Equal(t, 3*time.Second, iv.Period())
	f := Timeout[int](time.Second, &probe{})
	dl := f.(interface{ Deadline() time.Time })
	require.True(t, dl.Deadline().IsZero())
	h := newHarness(t)
	require.False(t, f.Poll(h.cx(waker0)).IsReady())
	require.Equal(t, at(time.Second), dl.Deadline())
	future.Drop(f)
}

// watchNext reads the next deadline and installs the watch in one
// critical section, so a timer armed right after it wakes the watcher.
// (Reading NextDeadline, then arming, then watching until that stale
// deadline — what a Multi's driver did before — sleeps past the timer:
// the regression behind a hung TestMultiTimeout.)
func TestDriverWatchNext(t *testing.T) {
	h := newHarness(t)
	calls := 0
	wake := func() { calls++ }
	arm := func(d time.Duration) *SleepFuture {
		s := Sleep(d)
		require.False(t, pollUnit(t, s, h.cx(waker0)))
		return s
	}
	_, ok := h.drv.watchNext(wake)
	require.False(t, ok, "nothing armed")
	a := arm(time.Hour)
	require.Equal(t, 1, calls, "the first arm after an empty watchNext wakes")
	deadline, ok := h.drv.watchNext(wake)
	require.True(t, ok)
	require.Equal(t, at(time.Hour), deadline)
	b := arm(2 * time.Hour)
	require.Equal(t, 1, calls, "a later timer does not wake")
	c := arm(time.Minute)
	require.Equal(t, 2, calls, "an earlier one does")
	for _, s := range []*SleepFuture{a, b, c} {
		s.Drop()
	}
}
