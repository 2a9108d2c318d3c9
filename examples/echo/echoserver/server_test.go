package echoserver_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/examples/echo/echoserver"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/waker"
)

func TestEchoManyClients(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			r := start(t, kind)
			const clients = 50
			var wg sync.WaitGroup
			for i := range clients {
				c := dial(t, r)
				wg.Add(1)
				go func() {
					defer wg.Done()
					for _, size := range []int{1, 100, echoserver.BufSize, 3*echoserver.BufSize + 7} {
						msg := bytes.Repeat([]byte{byte(i)}, size)
						if _, err := c.Write(msg); !assert.NoError(t, err) {
							return
						}
						got := make([]byte, size)
						if _, err := io.ReadFull(c, got); !assert.NoError(t, err) {
							return
						}
						assert.Equal(t, msg, got)
					}
				}()
			}
			wg.Wait()
			require.EqualValues(t, clients, r.srv.Accepted())
		})
	}
}

func TestEchoEndOfStreamClosesConnection(t *testing.T) {
	r := start(t, "local")
	c := dial(t, r)
	require.Equal(t, []byte("ping"), roundTrip(t, c, []byte("ping")))
	require.NoError(t, c.(*net.TCPConn).CloseWrite())
	n, err := c.Read(make([]byte, 8))
	require.Zero(t, n)
	require.ErrorIs(t, err, io.EOF, "the server closes its side after our end of stream")
}

func TestCloseExecutorDropsOpenConnections(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			r := start(t, kind)
			c := dial(t, r)
			require.Equal(t, []byte("x"), roundTrip(t, c, []byte("x")))
			r.shutdown(t) // stop serving, then Close drops the Conn task
			n, err := c.Read(make([]byte, 8))
			require.Zero(t, n)
			require.Error(t, err, "a dropped Conn closes its stream")
		})
	}
}

func TestServerCloseEndsServe(t *testing.T) {
	ex := executor.NewLocal()
	defer ex.Close()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	srv := echoserver.New(ex, ln)
	require.NoError(t, srv.Close())
	serveErr, err := executor.Run(ex, srv.Serve(nil))
	require.NoError(t, err)
	require.NoError(t, serveErr, "a closed listener ends Serve cleanly")
}

// acceptOne returns the server side of a fresh loopback connection and the
// client side.
func acceptOne(t *testing.T) (*tcp.Stream, net.Conn) {
	t.Helper()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	r := executor.BlockOn[future.Result[*tcp.Stream]](ln.Accept())
	require.NoError(t, r.Err)
	return r.Value, c
}

func TestConnPollAfterCompletionPanics(t *testing.T) {
	s, _ := acceptOne(t)
	require.NoError(t, s.Close())
	conn := echoserver.NewConn(s)
	cx := future.NewContext(waker.Noop())
	r, ok := conn.Poll(cx).Get()
	require.True(t, ok)
	require.True(t, errors.Is(r.Err, net.ErrClosed), "got %v", r.Err)
	require.PanicsWithValue(t, "*echoserver.Conn polled after completion", func() { conn.Poll(cx) })
	conn.Drop() // a no-op after Ready
}

func TestConnDropIsIdempotentAndCloses(t *testing.T) {
	s, c := acceptOne(t)
	conn := echoserver.NewConn(s)
	conn.Drop()
	conn.Drop()
	n, err := c.Read(make([]byte, 1))
	require.Zero(t, n)
	require.ErrorIs(t, err, io.EOF)
	require.Panics(t, func() { conn.Poll(future.NewContext(waker.Noop())) })
}

func TestNewPanicsOnNil(t *testing.T) {
	require.PanicsWithValue(t, "echoserver.NewConn: nil stream", func() { echoserver.NewConn(nil) })
	require.PanicsWithValue(t, "echoserver.New: nil executor or listener", func() { echoserver.New(nil, nil) })
}
