//go:build linux

package tcp_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/net/tcp"
)

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
	exectest.For(t)
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
	client = must(t, exectest.Block(t, tcp.Dial(ln.Addr().String())))
	server = must(t, exectest.Block(t, ln.Accept()))
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
