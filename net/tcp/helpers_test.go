//go:build linux

package tcp_test

import (
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// newExec returns a Local executor closed (its tasks dropped, its reactor's
// descriptors released) when t ends.
func newExec(t testing.TB, opts ...executor.Option) *executor.Local {
	t.Helper()
	ex := executor.NewLocal(opts...)
	t.Cleanup(func() { assert.NoError(t, ex.Close()) })
	return ex
}

// execs holds each test's own executor (see testExec).
var execs sync.Map // testing.TB -> *executor.Local

// testExec returns t's own executor, made on first use and closed when t
// ends. A socket stays registered with the reactor of the executor that
// first polled it, so every block of a test goes through the same one.
func testExec(t testing.TB) *executor.Local {
	t.Helper()
	if ex, ok := execs.Load(t); ok {
		return ex.(*executor.Local)
	}
	ex := newExec(t)
	execs.Store(t, ex)
	t.Cleanup(func() { execs.Delete(t) })
	return ex
}

// runOn drives ex until f is ready (other tasks of ex run meanwhile).
func runOn[T any](t testing.TB, ex *executor.Local, f future.Future[T]) T {
	t.Helper()
	v, err := executor.Run(ex, f)
	require.NoError(t, err)
	return v
}

// block runs f on the test's own executor (testExec).
func block[T any](t testing.TB, f future.Future[T]) T {
	t.Helper()
	return runOn(t, testExec(t), f)
}

// must unwraps a Result.
func must[T any](t testing.TB, r future.Result[T]) T {
	t.Helper()
	require.NoError(t, r.Err)
	return r.Value
}

// listen listens on addr, closed at the end of the test (before the test's
// executor, which it makes first).
func listen(t *testing.T, addr string, opts ...tcp.Option) *tcp.Listener {
	t.Helper()
	testExec(t)
	ln, err := tcp.Listen(addr, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	return ln
}

// pair returns a connected client and server stream over loopback,
// registered with the test's executor, closed at the end of the test.
func pair(t *testing.T) (client, server *tcp.Stream) {
	t.Helper()
	ln := listen(t, "127.0.0.1:0")
	client = must(t, block(t, tcp.Dial(ln.Addr().String())))
	server = must(t, block(t, ln.Accept()))
	t.Cleanup(func() {
		_ = client.Close()
		_ = server.Close()
	})
	return client, server
}

// pairBare is pair with the streams registered with the process-wide
// fallback reactor, whose driver goroutine delivers readiness: for tests
// that poll them by hand with a bare Context, with no executor parking in a
// reactor. The dial and the accept go through the bare-Context run of
// example_test.go.
func pairBare(t testing.TB) (client, server *tcp.Stream) {
	t.Helper()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client = must(t, run(tcp.Dial(ln.Addr().String())))
	server = must(t, run(ln.Accept()))
	t.Cleanup(func() {
		_ = client.Close()
		_ = server.Close()
	})
	return client, server
}

func fdCount(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents)
}
