//go:build linux

package reactor_test

import (
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
)

func TestNewCloseReleasesFds(t *testing.T) {
	start := fdCount(t)
	r, err := reactor.New()
	require.NoError(t, err)
	require.Equal(t, start+2, fdCount(t), "epoll fd + eventfd")
	require.NoError(t, r.Close())
	require.Equal(t, start, fdCount(t))
	require.ErrorIs(t, r.Close(), reactor.ErrClosed)
	_, err = r.Wait(0)
	require.ErrorIs(t, err, reactor.ErrClosed)
	require.ErrorIs(t, r.Wake(), reactor.ErrClosed)
	_, err = r.Register(0, reactor.Readable)
	require.Error(t, err)
}

func TestReadReadinessCycle(t *testing.T) {
	r := newReactor(t)
	a, b := socketpair(t)
	g := register(t, r, a, reactor.Readable|reactor.Writable)
	c := newCounter()
	cx := c.cx()

	// Writable at once (the kernel reports the initial state on add).
	_, err := r.Wait(0)
	require.NoError(t, err)
	ok, err := isReady(g.PollWriteReady(cx))
	require.True(t, ok)
	require.NoError(t, err)

	ok, _ = isReady(g.PollReadReady(cx))
	require.False(t, ok, "nothing to read yet")
	require.Equal(t, 1, r.Registrations())

	_, err = unix.Write(b, []byte("hello"))
	require.NoError(t, err)
	n, err := r.Wait(time.Second)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.EqualValues(t, 1, c.n.Load(), "the read waiter was woken once")
	require.Equal(t, 0, r.Registrations())

	ok, err = isReady(g.PollReadReady(cx))
	require.True(t, ok)
	require.NoError(t, err)
	buf := make([]byte, 16)
	tick := g.Tick()
	m, err := unix.Read(a, buf)
	require.NoError(t, err)
	require.Equal(t, "hello", string(buf[:m]))
	// Still "ready" until a read says EAGAIN.
	ok, _ = isReady(g.PollReadReady(cx))
	require.True(t, ok)
	_, err = unix.Read(a, buf)
	require.ErrorIs(t, err, unix.EAGAIN)
	g.ClearReadReady(tick)
	ok, _ = isReady(g.PollReadReady(cx))
	require.False(t, ok)
}

func TestStaleClearKeepsNewerEvent(t *testing.T) {
	r := newReactor(t)
	a, b := socketpair(t)
	g := register(t, r, a, reactor.Readable)
	cx := newCounter().cx()

	_, err := unix.Write(b, []byte("x"))
	require.NoError(t, err)
	_, err = r.Wait(time.Second)
	require.NoError(t, err)
	tick := g.Tick() // observed before a (simulated) read

	// A newer event arrives between that read and its EAGAIN.
	_, err = unix.Write(b, []byte("y"))
	require.NoError(t, err)
	_, err = r.Wait(time.Second)
	require.NoError(t, err)
	require.NotEqual(t, tick, g.Tick())

	g.ClearReadReady(tick) // stale: ignored
	ok, _ := isReady(g.PollReadReady(cx))
	require.True(t, ok, "a stale clear erased a newer event")

	g.ClearReadReady(g.Tick()) // current: honoured
	ok, _ = isReady(g.PollReadReady(cx))
	require.False(t, ok)
}

func TestWakeCoalesces(t *testing.T) {
	r := newReactor(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 250 {
				assert.NoError(t, r.Wake())
			}
		}()
	}
	wg.Wait()
	require.EqualValues(t, 1, r.WakeWrites(), "1000 wakes cost one eventfd write")
	n, err := r.Wait(-1) // returns at once: the wake is pending
	require.NoError(t, err)
	require.Equal(t, 1, n)
	n, err = r.Wait(0)
	require.NoError(t, err)
	require.Equal(t, 0, n, "the coalesced wakes left nothing behind")

	require.NoError(t, r.Wake())
	require.EqualValues(t, 2, r.WakeWrites(), "a wake after Wait drained writes again")
	_, err = r.Wait(-1)
	require.NoError(t, err)
}

func TestWakeInterruptsBlockedWait(t *testing.T) {
	r := newReactor(t)
	done := make(chan error)
	go func() {
		_, err := r.Wait(-1)
		done <- err
	}()
	// Whether the Wake lands before or during the Wait, the Wait returns.
	require.NoError(t, r.Wake())
	require.NoError(t, <-done)
}

func TestWaitTimeout(t *testing.T) {
	r := newReactor(t)
	start := time.Now()
	n, err := r.Wait(20 * time.Millisecond)
	require.NoError(t, err)
	require.Zero(t, n)
	require.GreaterOrEqual(t, time.Since(start), 15*time.Millisecond)
}

func TestCloseWakesWaitersAndWait(t *testing.T) {
	r, err := reactor.New()
	require.NoError(t, err)
	a, _ := socketpair(t)
	g, err := r.Register(a, reactor.Readable|reactor.Writable)
	require.NoError(t, err)
	c := newCounter()
	ok, _ := isReady(g.PollReadReady(c.cx()))
	require.False(t, ok)

	waitErr := make(chan error)
	go func() {
		for {
			if _, err := r.Wait(-1); err != nil {
				waitErr <- err
				return
			}
		}
	}()
	require.NoError(t, r.Close())
	require.ErrorIs(t, <-waitErr, reactor.ErrClosed)
	require.EqualValues(t, 1, c.n.Load())
	ok, err = isReady(g.PollReadReady(c.cx()))
	require.True(t, ok)
	require.ErrorIs(t, err, reactor.ErrClosed)
	ok, err = isReady(g.PollWriteReady(c.cx()))
	require.True(t, ok)
	require.ErrorIs(t, err, reactor.ErrClosed)
	require.NoError(t, g.Close())
	require.Equal(t, 0, r.Registrations())
}

func TestRegistrationCloseWakesWaiter(t *testing.T) {
	r := newReactor(t)
	a, b := socketpair(t)
	g, err := r.Register(a, reactor.Readable)
	require.NoError(t, err)
	c := newCounter()
	ok, _ := isReady(g.PollReadReady(c.cx()))
	require.False(t, ok)
	require.Equal(t, 1, r.Registrations())
	require.NoError(t, g.Close())
	require.NoError(t, g.Close(), "idempotent")
	require.EqualValues(t, 1, c.n.Load())
	require.Equal(t, 0, r.Registrations())
	ok, err = isReady(g.PollReadReady(c.cx()))
	require.True(t, ok)
	require.ErrorIs(t, err, reactor.ErrClosed)

	// No event reaches a closed registration, and the fd can be registered again.
	_, err = unix.Write(b, []byte("x"))
	require.NoError(t, err)
	_, err = r.Wait(0)
	require.NoError(t, err)
	g2 := register(t, r, a, reactor.Readable)
	_, err = r.Wait(0)
	require.NoError(t, err)
	ok, err = isReady(g2.PollReadReady(c.cx()))
	require.True(t, ok, "data already queued is reported to the new registration")
	require.NoError(t, err)
}

func TestRegisterErrors(t *testing.T) {
	r := newReactor(t)
	a, _ := socketpair(t)
	register(t, r, a, reactor.Readable)
	_, err := r.Register(a, reactor.Readable)
	require.ErrorIs(t, err, reactor.ErrAlreadyRegistered)

	_, err = r.Register(-1, reactor.Readable)
	require.ErrorIs(t, err, unix.EBADF)

	f, err := os.CreateTemp(t.TempDir(), "x")
	require.NoError(t, err)
	defer f.Close()
	// A fresh pipe is in blocking mode.
	var fds [2]int
	require.NoError(t, unix.Pipe2(fds[:], unix.O_CLOEXEC))
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	_, err = r.Register(fds[0], reactor.Readable)
	require.ErrorIs(t, err, reactor.ErrBlocking)

	// A regular file: epoll refuses it (EPERM), wrapped.
	require.NoError(t, unix.SetNonblock(int(f.Fd()), true))
	_, err = r.Register(int(f.Fd()), reactor.Readable)
	var se *os.SyscallError
	require.True(t, errors.As(err, &se), "got %v", err)
	require.Equal(t, "epoll_ctl", se.Syscall)

	require.PanicsWithValue(t, "reactor.Register: empty interest", func() { _, _ = r.Register(a, 0) })
}

func TestPollWrongDirectionPanics(t *testing.T) {
	r := newReactor(t)
	a, b := socketpair(t)
	gr := register(t, r, a, reactor.Readable)
	gw := register(t, r, b, reactor.Writable)
	cx := newCounter().cx()
	require.Panics(t, func() { gr.PollWriteReady(cx) })
	require.Panics(t, func() { gw.PollReadReady(cx) })
}

func TestPeerHangupWakesBoth(t *testing.T) {
	r := newReactor(t)
	a, b := socketpair(t)
	g := register(t, r, a, reactor.Readable)
	c := newCounter()
	ok, _ := isReady(g.PollReadReady(c.cx()))
	require.False(t, ok)
	require.NoError(t, unix.Shutdown(b, unix.SHUT_WR))
	_, err := r.Wait(time.Second)
	require.NoError(t, err)
	require.EqualValues(t, 1, c.n.Load())
	ok, _ = isReady(g.PollReadReady(c.cx()))
	require.True(t, ok, "end of stream is readable")
}

func TestProvideAndFrom(t *testing.T) {
	r := newReactor(t)
	var s future.Services
	r.Provide(&s)
	cx := newCounter().cx()
	fb := reactor.From(cx)
	require.NotNil(t, fb)
	require.NotSame(t, r, fb)
	require.Same(t, fb, reactor.From(nil))
	require.NoError(t, fb.Close(), "the fallback cannot be closed")
	cx.SetServices(&s)
	require.Same(t, r, reactor.From(cx))
}

// TestPingPongNoLostWakeup runs a reader future on the test goroutine and a
// writer on another; each byte is written only after the reader asked for
// it, so a lost wake-up would hang the test.
func TestPingPongNoLostWakeup(t *testing.T) {
	r := newReactor(t)
	a, b := socketpair(t)
	g := register(t, r, a, reactor.Readable)
	c := newCounter()
	cx := c.cx()
	const rounds = 2000
	ask := make(chan struct{})
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		for i := 0; i < rounds; i++ {
			<-ask
			_, err := unix.Write(b, []byte{byte(i)})
			assert.NoError(t, err)
		}
	}()
	// The reactor runs on its own goroutine, like an executor's parked worker.
	stop := make(chan struct{})
	waiterDone := make(chan struct{})
	go func() {
		defer close(waiterDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			_, err := r.Wait(-1)
			assert.NoError(t, err)
		}
	}()
	buf := make([]byte, 4)
	for i := 0; i < rounds; i++ {
		ask <- struct{}{}
		for {
			p := g.PollReadReady(cx)
			if !p.IsReady() {
				<-c.ch
				continue
			}
			tick := g.Tick()
			n, err := unix.Read(a, buf)
			if errors.Is(err, unix.EAGAIN) {
				g.ClearReadReady(tick)
				continue
			}
			require.NoError(t, err)
			require.Equal(t, 1, n)
			require.Equal(t, byte(i), buf[0])
			break
		}
	}
	<-writerDone
	close(stop)
	require.NoError(t, r.Wake())
	<-waiterDone
}

func TestConcurrentRegisterClose(t *testing.T) {
	r := newReactor(t)
	stop := make(chan struct{})
	waiterDone := make(chan struct{})
	go func() {
		defer close(waiterDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			_, err := r.Wait(time.Millisecond)
			assert.NoError(t, err)
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
				if !assert.NoError(t, err) {
					return
				}
				g, err := r.Register(fds[0], reactor.Readable|reactor.Writable)
				assert.NoError(t, err)
				_, _ = unix.Write(fds[1], []byte("z"))
				assert.NoError(t, g.Close())
				unix.Close(fds[0])
				unix.Close(fds[1])
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-waiterDone
	require.Equal(t, 0, r.Registrations())
}

func TestSteadyStateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates")
	}
	r := newReactor(t)
	a, b := socketpair(t)
	g := register(t, r, a, reactor.Readable)
	cx := newCounter().cx()
	buf := make([]byte, 8)
	msg := []byte("p")
	allocs := testing.AllocsPerRun(200, func() {
		if g.PollReadReady(cx).IsReady() {
			t.Fatal("unexpectedly ready")
		}
		_, _ = unix.Write(b, msg)
		_, _ = r.Wait(-1)
		if !g.PollReadReady(cx).IsReady() {
			t.Fatal("not ready after event")
		}
		tick := g.Tick()
		_, _ = unix.Read(a, buf)
		_, _ = unix.Read(a, buf)
		g.ClearReadReady(tick)
		_ = r.Wake()
		_, _ = r.Wait(-1)
	})
	require.Zero(t, allocs)
}
