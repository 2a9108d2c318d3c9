//go:build linux

package tcp_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/netutil/testloop"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/reactor"
)

// block polls f to completion under a bare Context (fallback reactor).
func block[T any](t *testing.T, f future.Future[T]) T {
	t.Helper()
	v, err := testloop.BlockOn(f, 10*time.Second)
	require.NoError(t, err)
	return v
}

// must unwraps a Result.
func must[T any](t *testing.T, r future.Result[T]) T {
	t.Helper()
	require.NoError(t, r.Err)
	return r.Value
}

func listen(t *testing.T, addr string, opts ...tcp.Option) *tcp.Listener {
	t.Helper()
	ln, err := tcp.Listen(addr, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	return ln
}

// pair returns a connected client and server stream over loopback, both
// driven by the fallback reactor, closed at the end of the test.
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

func newLoop(t *testing.T) *testloop.Loop {
	t.Helper()
	r, err := reactor.New()
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close() })
	return testloop.New(r)
}

func fdCount(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents)
}
