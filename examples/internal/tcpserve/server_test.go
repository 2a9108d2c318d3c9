package tcpserve_test

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/examples/internal/tcpserve"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// closeConn is a connection future that closes its stream at once and
// reports the stream's remote address.
type closeConn struct {
	s    *tcp.Stream
	seen chan<- string
}

func (c *closeConn) Poll(*future.Context) future.Poll[future.Unit] {
	c.seen <- "conn"
	_ = c.s.Close()
	return future.Ready(future.Unit{})
}

func TestServeSpawnsOneTaskPerConnection(t *testing.T) {
	ex := executor.NewLocal()
	defer ex.Close()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	seen := make(chan string, 8)
	srv := tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream) future.Future[future.Unit] {
		return &closeConn{s: s, seen: seen}
	})
	stop := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		serveErr, err := executor.Run(ex, srv.Serve(future.Map(future.FromChan(stop),
			func(future.Result[struct{}]) future.Unit { return future.Unit{} })))
		served <- errors.Join(err, serveErr)
	}()

	const conns = 3
	for range conns {
		c, err := net.DialTimeout("tcp", srv.Addr().String(), 10*time.Second)
		require.NoError(t, err)
		require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
		n, err := c.Read(make([]byte, 1))
		require.Zero(t, n)
		require.ErrorIs(t, err, io.EOF, "the connection future closed the stream")
		require.NoError(t, c.Close())
		require.Equal(t, "conn", <-seen)
	}
	require.EqualValues(t, conns, srv.Accepted())
	close(stop)
	require.NoError(t, <-served)
	_, err = net.DialTimeout("tcp", srv.Addr().String(), time.Second)
	require.Error(t, err, "the end of Serve closes the listener")
}

func TestCloseEndsServe(t *testing.T) {
	ex := executor.NewLocal()
	defer ex.Close()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	srv := tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream) future.Future[future.Unit] { return nil })
	require.NoError(t, srv.Close())
	serveErr, err := executor.Run(ex, srv.Serve(nil))
	require.NoError(t, err)
	require.NoError(t, serveErr)
	require.Zero(t, srv.Accepted())
}

func TestServeDropClosesListener(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	ex := executor.NewLocal()
	defer ex.Close()
	srv := tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream) future.Future[future.Unit] { return nil })
	f := srv.Serve(nil)
	future.Drop(f)
	future.Drop(f) // idempotent
	_, err = net.DialTimeout("tcp", srv.Addr().String(), time.Second)
	require.Error(t, err)
}

func TestNewPanics(t *testing.T) {
	require.PanicsWithValue(t, "demo.New: nil executor or listener", func() {
		tcpserve.New[future.Unit]("demo", "demo", nil, nil, nil)
	})
	ex := executor.NewLocal()
	defer ex.Close()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	require.PanicsWithValue(t, "tcpserve.New: nil newConn", func() {
		tcpserve.New[future.Unit]("demo", "demo", ex, ln, nil)
	})
}
