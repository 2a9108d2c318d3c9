//go:build linux

package tcp_test

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/net/tcp"
)

func TestPeekLeavesData(t *testing.T) {
	client, server := pair(t)
	must(t, exectest.Block(t, client.Write([]byte("hello"))))
	buf := make([]byte, 5)
	n := must(t, exectest.Block(t, server.Peek(buf[:3])))
	require.Equal(t, "hel", string(buf[:n]))
	_, err := io.ReadFull(server.NetConn(), buf)
	require.NoError(t, err)
	require.Equal(t, "hello", string(buf))
}

func TestTryReadWriteAndReadiness(t *testing.T) {
	client, server := pair(t)
	buf := make([]byte, 8)
	_, err := server.TryRead(buf)
	require.ErrorIs(t, err, tcp.ErrWouldBlock)

	require.NoError(t, exectest.Block(t, client.Writable()))
	n, err := client.TryWrite([]byte("abc"))
	require.NoError(t, err)
	require.Equal(t, 3, n)

	got := exectest.Block(t, future.Async(func(co *future.Co) string {
		for {
			if err := future.Await(co, server.Readable()); err != nil {
				return err.Error()
			}
			n, err := server.TryRead(buf)
			if errors.Is(err, tcp.ErrWouldBlock) {
				continue
			}
			if err != nil {
				return err.Error()
			}
			return string(buf[:n])
		}
	}))
	require.Equal(t, "abc", got)

	// Fill the send buffer: TryWrite then says ErrWouldBlock.
	big := make([]byte, 1<<16)
	for {
		_, err = client.TryWrite(big)
		if err != nil {
			break
		}
	}
	require.ErrorIs(t, err, tcp.ErrWouldBlock)
}

func TestSetLinger(t *testing.T) {
	client, server := pair(t)
	require.NoError(t, client.SetLinger(0))
	require.NoError(t, client.SetLinger(time.Second))
	require.NoError(t, client.SetLinger(-1))
	require.NoError(t, client.SetLinger(0))
	require.NoError(t, client.Close())
	// Linger 0: the close resets the connection.
	r := exectest.Block(t, server.Read(make([]byte, 1)))
	require.Error(t, r.Err)
	require.ErrorIs(t, client.SetLinger(0), net.ErrClosed)
}

// Many tasks await Accept on one listener; each connection goes to exactly
// one of them.
func TestManyAcceptors(t *testing.T) {
	ln := listen(t, "127.0.0.1:0")
	const n = 8
	ex := exectest.For(t)
	var mu sync.Mutex
	seen := map[string]int{}
	hs := make([]*executor.JoinHandle[string], n)
	for i := range n {
		hs[i] = executor.Spawn(ex, future.Async(func(co *future.Co) string {
			r := future.Await(co, ln.Accept())
			if r.Err != nil {
				return r.Err.Error()
			}
			defer r.Value.Close()
			return r.Value.RemoteAddr().String()
		}))
	}
	// Let every acceptor wait first.
	_, err := executor.Run(ex, future.YieldNow())
	require.NoError(t, err)
	conns := make([]*tcp.Stream, n)
	for i := range n {
		conns[i] = must(t, executor.BlockOn(tcp.Dial(ln.Addr().String())))
		defer conns[i].Close()
	}
	for _, h := range hs {
		r, err := executor.Run(ex, h)
		require.NoError(t, err)
		addr := must(t, r)
		mu.Lock()
		seen[addr]++
		mu.Unlock()
	}
	require.Len(t, seen, n)
	for _, c := range conns {
		require.Equal(t, 1, seen[c.LocalAddr().String()])
	}
}
