package echoserver_test

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/examples/echo/echoserver"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// running is a server on its own executor, driven by a goroutine.
type running struct {
	srv    *echoserver.Server
	ex     io.Closer
	stop   chan struct{}
	served chan error
}

// start serves on 127.0.0.1:0 with a fresh executor of the given kind.
// The test's cleanup stops the server and closes the executor.
func start(t testing.TB, kind string, opts ...echoserver.Option) *running {
	t.Helper()
	var ex executor.Executor
	var closer io.Closer
	switch kind {
	case "local":
		l := executor.NewLocal()
		ex, closer = l, l
	default:
		m := executor.NewMulti()
		ex, closer = m, m
	}
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	r := &running{srv: echoserver.New(ex, ln, opts...), ex: closer, stop: make(chan struct{}), served: make(chan error, 1)}
	stop := future.Map(future.FromChan(r.stop), func(future.Result[struct{}]) future.Unit { return future.Unit{} })
	go func() {
		_, err := executor.Run(ex, r.srv.Serve(stop))
		r.served <- err
	}()
	t.Cleanup(func() { r.shutdown(t) })
	return r
}

// shutdown stops the accept loop, waits for Run, and closes the executor.
// Idempotent.
func (r *running) shutdown(t testing.TB) {
	t.Helper()
	if r.stop == nil {
		return
	}
	close(r.stop)
	r.stop = nil
	require.NoError(t, <-r.served)
	require.NoError(t, r.ex.Close())
}

// dial connects a plain Go client with a generous deadline.
func dial(t testing.TB, r *running) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", r.srv.Addr().String())
	require.NoError(t, err)
	require.NoError(t, c.SetDeadline(time.Now().Add(20*time.Second)))
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// roundTrip writes msg and reads back as many bytes.
func roundTrip(t testing.TB, c net.Conn, msg []byte) []byte {
	t.Helper()
	_, err := c.Write(msg)
	require.NoError(t, err)
	got := make([]byte, len(msg))
	_, err = io.ReadFull(c, got)
	require.NoError(t, err)
	return got
}
