package timer

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// fallbackExited returns a channel closed when the fallback goroutine that
// is running now exits (already closed if none runs).
func fallbackExited() <-chan struct{} {
	d := fallbackDriver()
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.bg.running {
		c := make(chan struct{})
		close(c)
		return c
	}
	return d.bg.exited
}

func waitClosed(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func TestFallbackFiresOnRealTimeAndExits(t *testing.T) {
	woke := make(chan struct{}, 1)
	cx := future.NewContext(waker.Func(func() {
		select {
		case woke <- struct{}{}:
		default:
		}
	}))
	start := time.Now()
	s := Sleep(3 * time.Millisecond)
	require.False(t, s.Poll(cx).IsReady())
	exited := fallbackExited()
	waitClosed(t, woke, "the fallback driver to fire")
	require.GreaterOrEqual(t, time.Since(start), 3*time.Millisecond, "fired early")
	require.True(t, s.Poll(cx).IsReady())
	// No timer armed any more: the goroutine goes away by itself.
	waitClosed(t, exited, "the fallback goroutine to exit")
}

func TestFallbackEarlierTimerInterruptsWait(t *testing.T) {
	cx := future.NewContext(waker0)
	long := Sleep(time.Hour)
	require.False(t, long.Poll(cx).IsReady())
	woke := make(chan struct{}, 1)
	cx2 := future.NewContext(waker.Func(func() {
		select {
		case woke <- struct{}{}:
		default:
		}
	}))
	short := Sleep(2 * time.Millisecond)
	require.False(t, short.Poll(cx2).IsReady())
	waitClosed(t, woke, "the short timer to fire while a long one is armed")
	require.True(t, short.Poll(cx2).IsReady())
	exited := fallbackExited()
	long.Drop() // the wheel empties: the goroutine exits now, not in an hour
	waitClosed(t, exited, "the fallback goroutine to exit after Drop")
}

func TestShutdownFallback(t *testing.T) {
	cx := future.NewContext(waker0)
	s := Sleep(time.Hour)
	require.False(t, s.Poll(cx).IsReady())
	require.Equal(t, 1, fallbackDriver().Armed())
	ShutdownFallback()
	require.Zero(t, fallbackDriver().Armed())
	d := fallbackDriver()
	d.mu.Lock()
	running := d.bg.running
	d.mu.Unlock()
	require.False(t, running)
	// Polled again, the sleep re-arms (and the goroutine restarts).
	require.False(t, s.Poll(cx).IsReady())
	require.Equal(t, 1, fallbackDriver().Armed())
	s.Drop()
	ShutdownFallback()
	ShutdownFallback() // nothing running: returns at once
}
