package echoserver_test

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/examples/echo/echoserver"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/net/tcp"
)

func TestIdleConnectionClosedAfterIdleTimeout(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			const idle = 400 * time.Millisecond
			r := start(t, kind, echoserver.IdleTimeout(idle))
			c := dial(t, r)
			for range 3 { // traffic closer together than the timeout keeps it open
				require.Equal(t, []byte("hi"), roundTrip(t, c, []byte("hi")))
				time.Sleep(idle / 10)
			}
			began := time.Now()
			n, err := c.Read(make([]byte, 1))
			require.Zero(t, n)
			require.ErrorIs(t, err, io.EOF)
			require.GreaterOrEqual(t, time.Since(began), idle/2)
		})
	}
}

func TestNonReadingPeerClosedAfterWriteTimeout(t *testing.T) {
	r := start(t, "local", echoserver.WriteTimeout(100*time.Millisecond), echoserver.IdleTimeout(time.Hour))
	c := dial(t, r)
	require.NoError(t, c.(*net.TCPConn).SetReadBuffer(4096))
	done := make(chan error, 1)
	go func() {
		buf := make([]byte, 64<<10)
		for {
			if _, err := c.Write(buf); err != nil {
				done <- err
				return
			}
		}
	}()
	select {
	case err := <-done:
		require.Error(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the server kept a peer that never reads its echoes")
	}
}

func TestMaxConnsEvictsLeastRecentlyActive(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			r := start(t, kind, echoserver.MaxConns(2))
			// Two round trips each: the server records a connection's
			// progress after the poll that echoed, which happens before
			// it polls the connection again for the second one.
			oldest := dial(t, r)
			require.Equal(t, []byte("a"), roundTrip(t, oldest, []byte("a")))
			require.Equal(t, []byte("a"), roundTrip(t, oldest, []byte("a")))
			second := dial(t, r)
			require.Equal(t, []byte("b"), roundTrip(t, second, []byte("b")))
			require.Equal(t, []byte("b"), roundTrip(t, second, []byte("b")))
			third := dial(t, r)
			require.Equal(t, []byte("c"), roundTrip(t, third, []byte("c")), "the newcomer is served")
			n, err := oldest.Read(make([]byte, 1))
			require.Zero(t, n)
			require.ErrorIs(t, err, io.EOF, "the least recently active connection made room")
			require.Equal(t, []byte("d"), roundTrip(t, second, []byte("d")))
			require.EqualValues(t, 1, r.srv.Evicted())
			require.Eventually(t, func() bool { return r.srv.Open() == 2 }, 10*time.Second, time.Millisecond)
		})
	}
}

func TestOptionsRejectNonPositive(t *testing.T) {
	ex := executor.NewLocal()
	defer ex.Close()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	require.PanicsWithValue(t, "echoserver.New: IdleTimeout(-1s): must be positive", func() {
		echoserver.New(ex, ln, echoserver.IdleTimeout(-time.Second))
	})
	require.PanicsWithValue(t, "echoserver.New: MaxConns(0): must be positive", func() {
		echoserver.New(ex, ln, echoserver.MaxConns(0))
	})
	require.PanicsWithValue(t, "echoserver.NewConn: WriteTimeout(0s): must be positive", func() {
		echoserver.NewConn(nil, echoserver.WriteTimeout(0))
	})
}
