//go:build linux

package tcp_test

import (
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/waker"
)

func TestDialAcceptReadWrite(t *testing.T) {
	client, server := pair(t)
	require.Equal(t, client.LocalAddr().String(), server.RemoteAddr().String())
	require.Equal(t, client.RemoteAddr().String(), server.LocalAddr().String())
	require.IsType(t, &net.TCPAddr{}, client.LocalAddr())

	n := must(t, exectest.Block(t, client.Write([]byte("ping"))))
	require.Equal(t, 4, n)
	buf := make([]byte, 16)
	n = must(t, exectest.Block(t, server.Read(buf)))
	require.Equal(t, "ping", string(buf[:n]))

	require.NoError(t, client.Close())
	n = must(t, exectest.Block(t, server.Read(buf)))
	require.Zero(t, n, "end of stream")
}

func TestLargeWriteIsComplete(t *testing.T) {
	client, server := pair(t)
	data := make([]byte, 4<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	got := make([]byte, len(data))
	// The writer and a reader are two tasks of one executor, on one
	// goroutine: the writer fills the socket buffers, the reader drains
	// them.
	wf := client.Write(data)
	wrote := executor.Spawn(exectest.For(t), wf)
	require.NoError(t, exectest.Block(t, aio.ReadExact(server, got)))
	w := must(t, exectest.Block(t, wrote))
	require.NoError(t, w.Err)
	require.Equal(t, len(data), w.Value)
	require.Equal(t, len(data), wf.Written())
	require.Equal(t, data, got)
}

func TestDialRefused(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	r := exectest.Block(t, tcp.Dial(addr))
	require.Nil(t, r.Value)
	require.ErrorIs(t, r.Err, syscall.ECONNREFUSED)
	var oe *net.OpError
	require.True(t, errors.As(r.Err, &oe))
	require.Equal(t, "dial", oe.Op)
	require.Equal(t, "tcp", oe.Net)
	require.Equal(t, addr, oe.Addr.String())
	require.Contains(t, r.Err.Error(), "connect: connection refused")
}

func TestBadAddresses(t *testing.T) {
	r := exectest.Block(t, tcp.Dial("no-port-here"))
	require.Error(t, r.Err)
	require.Contains(t, r.Err.Error(), "no-port-here")
	var oe *net.OpError
	require.True(t, errors.As(r.Err, &oe))
	require.Equal(t, "dial", oe.Op)

	_, err := tcp.Listen("1.2.3.4.5:80")
	require.Error(t, err)
	require.Contains(t, err.Error(), "1.2.3.4.5")
	require.True(t, errors.As(err, &oe))
	require.Equal(t, "listen", oe.Op)

	_, err = tcp.Listen("127.0.0.1:0", tcp.Backlog(0))
	require.ErrorContains(t, err, "backlog")

	require.PanicsWithValue(t, "tcp.Listen: nil option", func() { _, _ = tcp.Listen("127.0.0.1:0", nil) })
}

func TestListenAddrInUseAndReusePort(t *testing.T) {
	ln := listen(t, "127.0.0.1:0")
	_, err := tcp.Listen(ln.Addr().String())
	require.ErrorIs(t, err, syscall.EADDRINUSE)
	require.Contains(t, err.Error(), "bind: address already in use")

	a := listen(t, "127.0.0.1:0", tcp.ReusePort())
	b, err := tcp.Listen(a.Addr().String(), tcp.ReusePort())
	require.NoError(t, err, "SO_REUSEPORT lets a second listener share the port")
	require.NoError(t, b.Close())
}

func TestClosedStreamErrors(t *testing.T) {
	client, server := pair(t)
	require.NoError(t, client.Close())
	err := client.Close()
	require.ErrorIs(t, err, net.ErrClosed)

	r := exectest.Block(t, client.Read(make([]byte, 4)))
	require.ErrorIs(t, r.Err, net.ErrClosed)
	var oe *net.OpError
	require.True(t, errors.As(r.Err, &oe))
	require.Equal(t, "read", oe.Op)
	r = exectest.Block(t, client.Write([]byte("x")))
	require.ErrorIs(t, r.Err, net.ErrClosed)
	require.ErrorIs(t, client.CloseWrite(), net.ErrClosed)
	require.ErrorIs(t, client.SetNoDelay(true), net.ErrClosed)
	_ = server
}

func TestCloseWakesPendingRead(t *testing.T) {
	_, server := pair(t)
	woke := make(chan struct{}, 1)
	cx := future.NewContext(waker.Func(func() { woke <- struct{}{} }))
	f := server.Read(make([]byte, 4))
	require.False(t, f.Poll(cx).IsReady())
	require.Equal(t, "tcp.Read fd", strings.Join(strings.Fields(taskcx.Of(cx).WaitingOn.String())[:2], " "))
	go func() { _ = server.Close() }()
	<-woke
	r, ok := f.Poll(cx).Get()
	require.True(t, ok)
	require.ErrorIs(t, r.Err, net.ErrClosed)
}

func TestPeerReset(t *testing.T) {
	client, server := pair(t)
	// Abortive close of the client: SO_LINGER 0 sends an RST.
	require.NoError(t, setLinger0(client))
	require.NoError(t, client.Close())
	r := exectest.Block(t, server.Read(make([]byte, 8)))
	require.ErrorIs(t, r.Err, syscall.ECONNRESET)
	var oe *net.OpError
	require.True(t, errors.As(r.Err, &oe))
	require.Equal(t, "read", oe.Op)
	require.Equal(t, server.RemoteAddr().String(), oe.Addr.String())
	require.Equal(t, server.LocalAddr().String(), oe.Source.String())

	// Writing to a reset connection fails too (EPIPE or ECONNRESET).
	w := exectest.Block(t, server.Write([]byte("late")))
	require.Error(t, w.Err)
}

func TestHalfClose(t *testing.T) {
	client, server := pair(t)
	must(t, exectest.Block(t, client.Write([]byte("question"))))
	require.NoError(t, client.CloseWrite())
	buf := make([]byte, 32)
	var got []byte
	for {
		n := must(t, exectest.Block(t, server.Read(buf)))
		if n == 0 {
			break
		}
		got = append(got, buf[:n]...)
	}
	require.Equal(t, "question", string(got))
	// The server can still answer; the client can still read.
	must(t, exectest.Block(t, server.Write([]byte("answer"))))
	require.NoError(t, server.Close())
	got = got[:0]
	for {
		n := must(t, exectest.Block(t, client.Read(buf)))
		if n == 0 {
			break
		}
		got = append(got, buf[:n]...)
	}
	require.Equal(t, "answer", string(got))
}

func TestAcceptDropLosesNothing(t *testing.T) {
	ln := listen(t, "127.0.0.1:0")
	cx := future.NewContext(waker.Noop())
	f := ln.Accept()
	require.False(t, f.Poll(cx).IsReady())
	f.Drop()
	f.Drop()
	require.PanicsWithValue(t, "*tcp.AcceptFuture polled after Drop", func() { f.Poll(cx) })
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	s := must(t, exectest.Block(t, ln.Accept()))
	defer s.Close()
	require.Equal(t, c.LocalAddr().String(), s.RemoteAddr().String())
}

func TestPolledAfterCompletionPanics(t *testing.T) {
	client, _ := pair(t)
	f := client.Write([]byte("x"))
	must(t, exectest.Block(t, f))
	require.PanicsWithValue(t, "*tcp.WriteFuture polled after completion", func() { f.Poll(future.NewContext(waker.Noop())) })
	d := tcp.Dial("127.0.0.1:1")
	d.Drop()
	require.PanicsWithValue(t, "*tcp.DialFuture polled after Drop", func() { d.Poll(future.NewContext(waker.Noop())) })
}

func TestDualStackListen(t *testing.T) {
	ln := listen(t, ":0")
	port := ln.Addr().(*net.TCPAddr).Port
	c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", itoa(port)))
	require.NoError(t, err)
	defer c.Close()
	s := must(t, exectest.Block(t, ln.Accept()))
	defer s.Close()
	require.Equal(t, "127.0.0.1", s.RemoteAddr().(*net.TCPAddr).IP.String())
}

func TestIPv6Loopback(t *testing.T) {
	ln, err := tcp.Listen("[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	defer ln.Close()
	c := must(t, exectest.Block(t, tcp.Dial(ln.Addr().String())))
	defer c.Close()
	s := must(t, exectest.Block(t, ln.Accept()))
	defer s.Close()
	require.Equal(t, "::1", s.RemoteAddr().(*net.TCPAddr).IP.String())
	must(t, exectest.Block(t, c.Write([]byte("v6"))))
	buf := make([]byte, 2)
	require.Equal(t, 2, must(t, exectest.Block(t, s.Read(buf))))
	require.Equal(t, "v6", string(buf))
}
