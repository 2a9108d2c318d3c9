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
	srv := tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream, _ *tcpserve.Limits) future.Future[future.Unit] {
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
	srv := tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream, _ *tcpserve.Limits) future.Future[future.Unit] { return nil })
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
	srv := tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream, _ *tcpserve.Limits) future.Future[future.Unit] { return nil })
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

func TestBuildLimits(t *testing.T) {
	require.Equal(t, tcpserve.DefaultLimits(), tcpserve.BuildLimits("x", nil))
	l := tcpserve.BuildLimits("x", []tcpserve.Option{
		tcpserve.MaxConns(3), tcpserve.HeaderTimeout(time.Second), tcpserve.ReadTimeout(2 * time.Second),
		tcpserve.WriteTimeout(3 * time.Second), tcpserve.IdleTimeout(4 * time.Second), nil,
	})
	require.Equal(t, tcpserve.Limits{MaxConns: 3, HeaderTimeout: time.Second, ReadTimeout: 2 * time.Second,
		WriteTimeout: 3 * time.Second, IdleTimeout: 4 * time.Second}, l)
	for _, tc := range []struct {
		opt  tcpserve.Option
		want string
	}{
		{tcpserve.MaxConns(0), "demo.New: MaxConns(0): must be positive"},
		{tcpserve.HeaderTimeout(-time.Second), "demo.New: HeaderTimeout(-1s): must be positive"},
		{tcpserve.ReadTimeout(0), "demo.New: ReadTimeout(0s): must be positive"},
		{tcpserve.WriteTimeout(0), "demo.New: WriteTimeout(0s): must be positive"},
		{tcpserve.IdleTimeout(-1), "demo.New: IdleTimeout(-1ns): must be positive"},
	} {
		require.PanicsWithValue(t, tc.want, func() { tcpserve.BuildLimits("demo.New", []tcpserve.Option{tc.opt}) })
	}
}

// idleConn is a connection future that waits for ever, holding its
// stream, until dropped.
type idleConn struct{ s *tcp.Stream }

func (c *idleConn) Poll(*future.Context) future.Poll[future.Unit] {
	return future.Pending[future.Unit]()
}
func (c *idleConn) Drop() { _ = c.s.Close() }

// Progress implements Progresser: an idle connection never makes
// progress, so its slot keeps the time it was accepted and eviction goes
// oldest accepted first. (Without it every poll counts as activity, and
// on a Multi, which may poll the connections' first polls in another
// order than they were accepted, the oldest connection is not always the
// least recently active one: TestMaxConnsEvictsOldest failed so, once,
// on a loaded machine.)
func (c *idleConn) Progress() int64 { return 0 }

func TestMaxConnsEvictsOldest(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			ex, closer, err := newExecutor(kind)
			require.NoError(t, err)
			defer closer.Close()
			ln, err := tcp.Listen("127.0.0.1:0")
			require.NoError(t, err)
			srv := tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream, _ *tcpserve.Limits) future.Future[future.Unit] {
				return &idleConn{s: s}
			}, tcpserve.MaxConns(3))
			require.Equal(t, 3, srv.Limits().MaxConns)
			stop := make(chan struct{})
			served := make(chan error, 1)
			go func() {
				serveErr, err := executor.Run(ex, srv.Serve(future.Map(future.FromChan(stop),
					func(future.Result[struct{}]) future.Unit { return future.Unit{} })))
				served <- errors.Join(err, serveErr)
			}()
			var conns []net.Conn
			for i := range 10 {
				c, err := net.DialTimeout("tcp", srv.Addr().String(), 10*time.Second)
				require.NoError(t, err)
				require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
				defer c.Close()
				conns = append(conns, c)
				want := int64(max(0, i+1-3))
				require.Eventually(t, func() bool { return srv.Evicted() == want && srv.Open() == min(i+1, 3) },
					10*time.Second, time.Millisecond, "after %d connections", i+1)
			}
			for i, c := range conns {
				_, err := c.Read(make([]byte, 1))
				if i < 7 {
					require.ErrorIs(t, err, io.EOF, "connection %d was evicted, oldest first", i)
				} else {
					require.Error(t, err) // the deadline: still open
					require.NotErrorIs(t, err, io.EOF)
					require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
				}
				if i == 6 {
					for _, c := range conns[7:] {
						require.NoError(t, c.SetDeadline(time.Now().Add(50*time.Millisecond)))
					}
				}
			}
			close(stop)
			require.NoError(t, <-served)
		})
	}
}

func newExecutor(kind string) (executor.Executor, interface{ Close() error }, error) {
	if kind == "local" {
		l := executor.NewLocal()
		return l, l, nil
	}
	m := executor.NewMulti()
	return m, m, nil
}
