//go:build linux

package udp_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/net/udp"
	"github.com/kettle-rt/kettle/waker"
)

// bind binds addr, closed at the end of the test (before the test's
// executor, which it makes first).
func bind(t *testing.T, addr string) *udp.Socket {
	t.Helper()
	exectest.For(t)
	s, err := udp.Bind(addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func fdCount(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents)
}

// TestExchange: datagrams both ways; sockets and the executor's reactor
// release every descriptor on Close.
func TestExchange(t *testing.T) {
	start := fdCount(t)
	ex := executor.NewLocal()            // closed before the final count
	t.Cleanup(func() { _ = ex.Close() }) // on failure; ErrClosed otherwise
	a, err := udp.Bind("127.0.0.1:0")
	require.NoError(t, err)
	b, err := udp.Bind("127.0.0.1:0")
	require.NoError(t, err)
	for i := 0; i < 50; i++ {
		msg := []byte(fmt.Sprintf("datagram %d", i))
		r := exectest.RunOn(t, ex, a.WriteTo(msg, b.LocalAddr()))
		require.NoError(t, r.Err)
		require.Equal(t, len(msg), r.Value)
		buf := make([]byte, 64)
		p := exectest.RunOn(t, ex, b.ReadFrom(buf))
		require.NoError(t, p.Err)
		require.Equal(t, string(msg), string(buf[:p.Value.N]))
		require.Equal(t, a.LocalAddr().String(), p.Value.Addr.String())
	}
	require.NoError(t, a.Close())
	require.NoError(t, b.Close())
	require.NoError(t, ex.Close())
	require.Equal(t, start, fdCount(t))
}

func TestFromGoNet(t *testing.T) {
	s := bind(t, "127.0.0.1:0")
	c, err := net.DialUDP("udp", nil, s.LocalAddr().(*net.UDPAddr))
	require.NoError(t, err)
	defer c.Close()
	cx := future.NewContext(waker.Noop())
	f := s.ReadFrom(make([]byte, 8))
	require.False(t, f.Poll(cx).IsReady())
	require.Contains(t, taskcx.Of(cx).WaitingOn.String(), "udp.ReadFrom fd ")
	f.Drop() // cancel-safe: the datagram below goes to the next ReadFrom
	_, err = c.Write([]byte("truncated datagram"))
	require.NoError(t, err)
	buf := make([]byte, 9)
	p := exectest.Block(t, s.ReadFrom(buf))
	require.NoError(t, p.Err)
	require.Equal(t, "truncated", string(buf[:p.Value.N]))
	require.Equal(t, c.LocalAddr().String(), p.Value.Addr.String())

	r := exectest.Block(t, s.WriteTo([]byte("back"), p.Value.Addr))
	require.NoError(t, r.Err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(5*time.Second)))
	n, err := c.Read(buf)
	require.NoError(t, err)
	require.Equal(t, "back", string(buf[:n]))
}

func TestErrors(t *testing.T) {
	_, err := udp.Bind("nonsense")
	require.ErrorContains(t, err, "nonsense")
	var oe *net.OpError
	require.True(t, errors.As(err, &oe))
	require.Equal(t, "listen", oe.Op)

	s := bind(t, "127.0.0.1:0")
	r := exectest.Block(t, s.WriteTo([]byte("x"), &net.TCPAddr{}))
	require.ErrorContains(t, r.Err, "not a *net.UDPAddr")

	cx := future.NewContext(waker.Noop())
	f := s.ReadFrom(make([]byte, 8))
	require.False(t, f.Poll(cx).IsReady())
	require.NoError(t, s.Close())
	p, ok := f.Poll(cx).Get()
	require.True(t, ok)
	require.ErrorIs(t, p.Err, net.ErrClosed)
	require.ErrorIs(t, s.Close(), net.ErrClosed)
	r = exectest.Block(t, s.WriteTo([]byte("x"), s.LocalAddr()))
	require.ErrorIs(t, r.Err, net.ErrClosed)
	require.PanicsWithValue(t, "*udp.ReadFromFuture polled after completion", func() { f.Poll(cx) })
}

func TestIPv6(t *testing.T) {
	a, err := udp.Bind("[::1]:0")
	if err != nil {
		t.Skipf("no IPv6: %v", err)
	}
	defer a.Close()
	b := bind(t, ":0") // dual stack
	port := b.LocalAddr().(*net.UDPAddr).Port
	r := exectest.Block(t, a.WriteTo([]byte("six"), &net.UDPAddr{IP: net.IPv6loopback, Port: port}))
	require.NoError(t, r.Err)
	buf := make([]byte, 8)
	p := exectest.Block(t, b.ReadFrom(buf))
	require.NoError(t, p.Err)
	require.Equal(t, "six", string(buf[:p.Value.N]))
	require.Equal(t, a.LocalAddr().String(), p.Value.Addr.String())
}
