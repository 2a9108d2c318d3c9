//go:build linux

package reactor_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/reactor"
)

func TestFallbackStartsAndStops(t *testing.T) {
	live, running := reactor.FallbackLive()
	require.Equal(t, 0, live)
	require.False(t, running)
	a, b := socketpair(t)
	start := fdCount(t)
	c := newCounter()
	cx := c.cx() // bare context: no executor, no reactor service
	r := reactor.From(cx)
	g, err := r.Register(a, reactor.Readable)
	require.NoError(t, err)
	live, running = reactor.FallbackLive()
	require.Equal(t, 1, live)
	require.True(t, running)

	require.False(t, g.PollReadReady(cx).IsReady())
	_, err = unix.Write(b, []byte("hi"))
	require.NoError(t, err)
	<-c.ch // woken by the driver goroutine
	require.True(t, g.PollReadReady(cx).IsReady())

	require.NoError(t, g.Close())
	live, running = reactor.FallbackLive()
	require.Equal(t, 0, live)
	require.False(t, running)
	require.Equal(t, start, fdCount(t), "the fallback's epoll fd and eventfd are closed")

	// It starts again on demand.
	g, err = r.Register(a, reactor.Readable)
	require.NoError(t, err)
	if !g.PollReadReady(cx).IsReady() {
		<-c.ch // the driver reports the data queued before the add
	}
	require.True(t, g.PollReadReady(cx).IsReady())
	require.NoError(t, g.Close())
	// goleak (TestMain) checks that the driver goroutine is gone.
}

func TestFallbackRegisterErrorDoesNotLeak(t *testing.T) {
	_, err := reactor.From(nil).Register(-1, reactor.Readable)
	require.Error(t, err)
	live, running := reactor.FallbackLive()
	require.Equal(t, 0, live)
	require.False(t, running)
}
