//go:build linux

package udp_test

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/exectest"
)

func TestConnectSendRecv(t *testing.T) {
	a := bind(t, "127.0.0.1:0")
	b := bind(t, "127.0.0.1:0")
	c := bind(t, "127.0.0.1:0")

	// Send before Connect: no peer.
	r := exectest.Block(t, a.Send([]byte("x")))
	require.ErrorIs(t, r.Err, syscall.EDESTADDRREQ)

	require.NoError(t, a.Connect(b.LocalAddr().String()))
	require.NoError(t, b.Connect(a.LocalAddr().String()))
	require.Equal(t, b.LocalAddr().String(), a.RemoteAddr().String())

	// A stranger's datagram is filtered out by the kernel; the peer's
	// arrives.
	w := exectest.Block(t, c.WriteTo([]byte("stranger"), a.LocalAddr()))
	require.NoError(t, w.Err)
	r = exectest.Block(t, b.Send([]byte("hello")))
	require.NoError(t, r.Err)
	require.Equal(t, 5, r.Value)
	buf := make([]byte, 16)
	r = exectest.Block(t, a.Recv(buf))
	require.NoError(t, r.Err)
	require.Equal(t, "hello", string(buf[:r.Value]))

	r = exectest.Block(t, a.Send([]byte("back")))
	require.NoError(t, r.Err)
	r = exectest.Block(t, b.Recv(buf))
	require.NoError(t, r.Err)
	require.Equal(t, "back", string(buf[:r.Value]))

	require.Error(t, a.Connect("not an address"))
}
