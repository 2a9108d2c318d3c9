//go:build linux

package tcp_test

import (
	"net"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/waker"
)

// lowestFreeFd returns the smallest fd number not in use.
func lowestFreeFd(t *testing.T) int {
	t.Helper()
	for i := 0; ; i++ {
		if _, err := unix.FcntlInt(uintptr(i), unix.F_GETFD, 0); err == unix.EBADF {
			return i
		}
	}
}

// TestAcceptEMFILE: with no descriptor left, Accept returns EMFILE; once
// descriptors are free, the same pending connection is accepted.
func TestAcceptEMFILE(t *testing.T) {
	ln := listen(t, "127.0.0.1:0")
	cx := future.NewContext(waker.Noop())
	// Register the listener now (the reactor needs descriptors too).
	require.False(t, ln.Accept().Poll(cx).IsReady())
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()

	var old unix.Rlimit
	require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &old))
	low := old
	low.Cur = uint64(lowestFreeFd(t))
	require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &low))
	restored := false
	restore := func() {
		if !restored {
			restored = true
			require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &old))
		}
	}
	defer restore()

	var r future.Result[*tcp.Stream]
	for {
		p, ok := ln.Accept().Poll(cx).Get()
		if ok {
			r = p
			break
		}
	}
	restore()
	require.ErrorIs(t, r.Err, syscall.EMFILE)
	require.Contains(t, r.Err.Error(), "accept")

	s := must(t, exectest.Block(t, ln.Accept()))
	defer s.Close()
	require.Equal(t, c.LocalAddr().String(), s.RemoteAddr().String())
}

// TestFdCountReturnsToStart: listeners, streams, the executor's reactor
// and the fallback reactor release every descriptor on Close.
func TestFdCountReturnsToStart(t *testing.T) {
	start := fdCount(t)
	ex := executor.NewLocal()            // closed before the final count
	t.Cleanup(func() { _ = ex.Close() }) // on failure; ErrClosed otherwise
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	var streams []*tcp.Stream
	for i := 0; i < 5; i++ {
		c := must(t, exectest.RunOn(t, ex, tcp.Dial(ln.Addr().String())))
		s := must(t, exectest.RunOn(t, ex, ln.Accept()))
		must(t, exectest.RunOn(t, ex, c.Write([]byte("x"))))
		must(t, exectest.RunOn(t, ex, s.Read(make([]byte, 1))))
		streams = append(streams, c, s)
	}
	// A dial dropped mid-connect closes its socket too.
	gl := listen(t, "127.0.0.1:0")
	d := tcp.Dial(gl.Addr().String())
	if r, ok := d.Poll(future.NewContext(waker.Noop())).Get(); ok {
		require.NoError(t, r.Err) // connected at once: nothing to drop
		require.NoError(t, r.Value.Close())
	}
	d.Drop()
	require.NoError(t, gl.Close())

	require.Greater(t, fdCount(t), start)
	for _, s := range streams {
		require.NoError(t, s.Close())
	}
	require.NoError(t, ln.Close())
	require.NoError(t, ex.Close())
	require.Equal(t, start, fdCount(t))
}

func TestBudgetAndWaitingOn(t *testing.T) {
	client, server := pair(t)
	must(t, exectest.Block(t, client.Write([]byte("abc"))))
	woken := 0
	cx := future.NewContext(waker.Func(func() { woken++ }))
	taskcx.Of(cx).Budget = 0
	buf := make([]byte, 8)
	require.False(t, server.PollRead(cx, buf).IsReady(), "no budget: yield")
	require.Equal(t, 1, woken, "a yielding leaf wakes its task")
	taskcx.Of(cx).Budget = 1
	r := must(t, exectest.Block(t, future.Future[future.Result[int]](server.Read(buf))))
	require.Equal(t, 3, r)
	require.False(t, server.PollRead(cx, buf).IsReady())
	require.Equal(t, 0, cx.Budget())
	require.Contains(t, taskcx.Of(cx).WaitingOn.String(), "tcp.Read fd ")
}

func TestSteadyStateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates")
	}
	client, server := pairBare(t) // polled by hand: the fallback reactor drives them
	cx := future.NewContext(waker.Noop())
	msg := []byte("0123456789")
	buf := make([]byte, 64)
	allocs := testing.AllocsPerRun(200, func() {
		if r, ok := client.PollWrite(cx, msg).Get(); !ok || r.Err != nil {
			t.Fatal("write failed")
		}
		for {
			if r, ok := server.PollRead(cx, buf).Get(); ok {
				if r.Err != nil || r.Value != len(msg) {
					t.Fatal("read failed")
				}
				break
			}
		}
		server.PollRead(cx, buf) // Pending: EAGAIN, clear, register
	})
	require.Zero(t, allocs)
}
