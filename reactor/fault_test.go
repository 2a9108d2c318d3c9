//go:build linux

package reactor_test

import (
	"bytes"
	"log/slog"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

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

// TestWaitContainsPanickingWakers: a waker that panics when readiness
// wakes it is reported to the reactor's logger; Wait returns normally and
// the other registrations' waiters in the same batch are woken.
func TestWaitContainsPanickingWakers(t *testing.T) {
	r := newReactor(t)
	var log lockedLog
	r.SetLogger(slog.New(slog.NewTextHandler(&log, nil)))
	const pairs = 4
	healthy := newCounter()
	for i := range pairs {
		a, b := socketpair(t)
		g := register(t, r, a, reactor.Readable)
		w := waker.New(healthy)
		if i%2 == 0 {
			w = waker.Func(func() { panic("reactor waker fault") })
		}
		require.False(t, g.PollReadReady(future.NewContext(w)).IsReady())
		_, err := unix.Write(b, []byte("x"))
		require.NoError(t, err)
	}
	for woken := 0; healthy.n.Load() < pairs/2; {
		_, err := r.Wait(time.Second)
		require.NoError(t, err)
		woken++
		require.Less(t, woken, 100)
	}
	require.EqualValues(t, pairs/2, healthy.n.Load())
	require.Contains(t, log.String(), "reactor waker fault")
}

// TestCloseContainsPanickingWakers: closing a registration wakes its
// waiters; a panic there is reported, not thrown at the closer.
func TestCloseContainsPanickingWakers(t *testing.T) {
	r := newReactor(t)
	var log lockedLog
	r.SetLogger(slog.New(slog.NewTextHandler(&log, nil)))
	a, _ := socketpair(t)
	g, err := r.Register(a, reactor.Readable)
	require.NoError(t, err)
	require.False(t, g.PollReadReady(future.NewContext(waker.Func(func() { panic("on close") }))).IsReady())
	require.NotPanics(t, func() { require.NoError(t, g.Close()) })
	require.Contains(t, log.String(), "on close")
}

// TestWaitGoexitDeliversTheRestOfTheBatch: a waker that calls
// runtime.Goexit ends the goroutine in Wait, but only after the other
// events of its batch were delivered.
func TestWaitGoexitDeliversTheRestOfTheBatch(t *testing.T) {
	r := newReactor(t)
	r.SetLogger(slog.New(slog.NewTextHandler(&lockedLog{}, nil)))
	healthy := newCounter()
	for i := range 6 {
		a, b := socketpair(t)
		g := register(t, r, a, reactor.Readable)
		w := waker.New(healthy)
		if i == 1 {
			w = waker.Func(runtime.Goexit)
		}
		require.False(t, g.PollReadReady(future.NewContext(w)).IsReady())
		_, err := unix.Write(b, []byte("x"))
		require.NoError(t, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for healthy.n.Load() < 5 {
			if _, err := r.Wait(time.Second); err != nil {
				return
			}
		}
	}()
	<-done
	// The goroutine ended (Goexit) or saw all five: either way all five
	// healthy waiters were woken, possibly by one more Wait here.
	for i := 0; healthy.n.Load() < 5 && i < 10; i++ {
		_, err := r.Wait(100 * time.Millisecond)
		require.NoError(t, err)
	}
	require.EqualValues(t, 5, healthy.n.Load())
}
