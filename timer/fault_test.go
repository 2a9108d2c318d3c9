package timer

import (
	"bytes"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// lockedLog is a slog destination safe for concurrent writes.
type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestFireContainsPanickingWakers: a waker that panics when Fire wakes
// it is reported to the driver's logger, and every other due timer is
// still woken.
func TestFireContainsPanickingWakers(t *testing.T) {
	c := &manualClock{now: t0}
	d := NewDriver(c)
	defer d.Close()
	var log lockedLog
	d.SetLogger(slog.New(slog.NewTextHandler(&log, nil)))
	svc := &future.Services{}
	d.Register(svc)
	var woken atomic.Int64
	for i := range 6 {
		w := waker.Func(func() { woken.Add(1) })
		if i%2 == 1 {
			w = waker.Func(func() { panic("waker fault") })
		}
		cx := future.NewContext(w)
		cx.SetServices(svc)
		require.False(t, Sleep(time.Millisecond).Poll(cx).IsReady())
	}
	c.set(t0.Add(time.Second))
	require.Equal(t, 6, d.fire(), "Fire returns normally")
	require.EqualValues(t, 3, woken.Load(), "the healthy wakers were all woken")
	require.Contains(t, log.String(), "waker fault")
	require.Contains(t, log.String(), fireSite)
	require.Zero(t, d.Armed())
}

// TestFallbackSurvivesPanicAndGoexit: the process-wide driver's goroutine
// neither dies of a panicking waker nor stops firing after a waker that
// calls runtime.Goexit (it is restarted).
func TestFallbackSurvivesPanicAndGoexit(t *testing.T) {
	defer ShutdownFallback()
	for _, fault := range []func(){func() { panic("fallback fault") }, runtime.Goexit} {
		healthy := make(chan struct{}, 1)
		bad := future.NewContext(waker.Func(fault))
		good := future.NewContext(waker.Func(func() { healthy <- struct{}{} }))
		sBad, sGood := Sleep(time.Millisecond), Sleep(2*time.Millisecond)
		require.False(t, sBad.Poll(bad).IsReady())
		require.False(t, sGood.Poll(good).IsReady())
		select {
		case <-healthy:
		case <-time.After(10 * time.Second):
			t.Fatal("the fallback driver stopped firing")
		}
		// And it goes on firing later timers.
		later := make(chan struct{}, 1)
		s := Sleep(time.Millisecond)
		require.False(t, s.Poll(future.NewContext(waker.Func(func() { later <- struct{}{} }))).IsReady())
		select {
		case <-later:
		case <-time.After(10 * time.Second):
			t.Fatal("the fallback driver stopped firing after a fault")
		}
	}
}
