//go:build linux

package tcp_test

import (
	"errors"
	"net"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/net/tcp"
)

func TestDialLocalhost(t *testing.T) {
	ln := listen(t, "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	c := must(t, exectest.Block(t, tcp.Dial(net.JoinHostPort("localhost", itoa(port)))))
	defer c.Close()
	s := must(t, exectest.Block(t, ln.Accept()))
	defer s.Close()
	require.Equal(t, c.LocalAddr().String(), s.RemoteAddr().String())
}

func TestDialIPv6Literal(t *testing.T) {
	ln, err := tcp.Listen("[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback:", err)
	}
	defer ln.Close()
	c := must(t, executor.BlockOn(tcp.Dial(ln.Addr().String())))
	defer c.Close()
	require.Equal(t, "::1", c.RemoteAddr().(*net.TCPAddr).IP.String())
}

func TestDialUnresolvable(t *testing.T) {
	// .onion names are refused by Go's resolver at once (RFC 7686), so the
	// test needs no DNS server.
	r := exectest.Block(t, tcp.Dial("kettle-test.onion:80"))
	require.Error(t, r.Err)
	var oe *net.OpError
	require.True(t, errors.As(r.Err, &oe), "%T %v", r.Err, r.Err)
	require.Equal(t, "dial", oe.Op)
	var de *net.DNSError
	require.True(t, errors.As(r.Err, &de), "%T %v", r.Err, r.Err)
}
