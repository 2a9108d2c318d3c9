//go:build linux

package reactor_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/reactor"
)

// A second waiter on a direction gets ErrBusy; Release hands it over;
// MarkReady makes the next poll try the syscall.
func TestBusyReleaseMarkReady(t *testing.T) {
	r := newReactor(t)
	a, _ := socketpair(t)
	g := register(t, r, a, reactor.Readable|reactor.Writable)
	first, second := newCounter(), newCounter()

	ready, err := isReady(g.PollReadReady(first.cx()))
	require.False(t, ready)
	require.NoError(t, err)
	require.True(t, g.Waiting(reactor.Readable))
	require.False(t, g.Waiting(reactor.Writable))

	// The same waker again is fine; another one is refused.
	ready, _ = isReady(g.PollReadReady(first.cx()))
	require.False(t, ready)
	ready, err = isReady(g.PollReadReady(second.cx()))
	require.True(t, ready)
	require.ErrorIs(t, err, reactor.ErrBusy)
	ready, err = isReady(g.PollReady(reactor.Readable, second.cx().Waker()))
	require.True(t, ready)
	require.ErrorIs(t, err, reactor.ErrBusy)

	// Release by someone else does nothing; by the waiter, frees it.
	g.Release(reactor.Readable, second.cx().Waker())
	require.True(t, g.Waiting(reactor.Readable))
	g.Release(reactor.Readable, first.cx().Waker())
	require.False(t, g.Waiting(reactor.Readable))
	require.Equal(t, 0, r.Registrations())
	ready, _ = isReady(g.PollReadReady(second.cx()))
	require.False(t, ready)

	// MarkReady wakes nobody by itself here but makes polls ready.
	g.MarkReady()
	ready, err = isReady(g.PollReadReady(second.cx()))
	require.True(t, ready)
	require.NoError(t, err)
	require.Same(t, r, g.Reactor())
	require.False(t, g.Closed())
	require.NoError(t, g.Close())
	require.True(t, g.Closed())
}
