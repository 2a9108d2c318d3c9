//go:build linux

package udp_test

import (
	"net"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/net/udp"
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

// Connect takes IPv6 literals as is and looks host names up ("localhost"),
// choosing an address of the socket's family; a bad port or an unknown
// name fails with a *net.OpError.
func TestConnectNamesAndLiterals(t *testing.T) {
	a := bind(t, "127.0.0.1:0")
	b := bind(t, "127.0.0.1:0")
	port := b.LocalAddr().(*net.UDPAddr).Port
	require.NoError(t, a.Connect(net.JoinHostPort("localhost", strconv.Itoa(port))))
	require.Equal(t, b.LocalAddr().String(), a.RemoteAddr().String())

	s6, err := udp.Bind("[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback:", err)
	}
	t.Cleanup(func() { _ = s6.Close() })
	p6 := bind(t, "[::1]:0")
	require.NoError(t, s6.Connect(p6.LocalAddr().String()))
	require.Equal(t, p6.LocalAddr().String(), s6.RemoteAddr().String())
	r := exectest.Block(t, s6.Send([]byte("six")))
	require.NoError(t, r.Err)
	buf := make([]byte, 8)
	pk := exectest.Block(t, p6.ReadFrom(buf))
	require.NoError(t, pk.Err)
	require.Equal(t, "six", string(buf[:pk.Value.N]))
	require.Equal(t, s6.LocalAddr().String(), pk.Value.Addr.String())

	var op *net.OpError
	require.ErrorAs(t, a.Connect("127.0.0.1:notaport"), &op)
	require.Equal(t, "dial", op.Op)
	err = a.Connect("no-such-host.invalid:53")
	require.ErrorAs(t, err, &op)
	var dns *net.DNSError
	require.ErrorAs(t, err, &dns)
}
