//go:build linux

package reactor_test

import (
	"os"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// counter is a waker target that counts wakes and signals a channel.
type counter struct {
	n  atomic.Int64
	ch chan struct{}
}

func newCounter() *counter { return &counter{ch: make(chan struct{}, 1)} }

func (c *counter) Wake() {
	c.n.Add(1)
	select {
	case c.ch <- struct{}{}:
	default:
	}
}

func (c *counter) cx() *future.Context { return future.NewContext(waker.New(c)) }

// socketpair returns two connected non-blocking unix stream sockets,
// closed at the end of the test.
func socketpair(t *testing.T) (int, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	t.Cleanup(func() {
		unix.Close(fds[0])
		unix.Close(fds[1])
	})
	return fds[0], fds[1]
}

func newReactor(t *testing.T) *reactor.Reactor {
	t.Helper()
	r, err := reactor.New()
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close() })
	return r
}

func register(t *testing.T, r *reactor.Reactor, fd int, in reactor.Interest) *reactor.Registration {
	t.Helper()
	g, err := r.Register(fd, in)
	require.NoError(t, err)
	t.Cleanup(func() { _ = g.Close() })
	return g
}

func fdCount(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents)
}

func isReady(p future.Poll[error]) (bool, error) {
	err, ok := p.Get()
	return ok, err
}
