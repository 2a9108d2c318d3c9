//go:build linux

package tcp_test

import (
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/net/tcp"
)

func TestTryPeekLeavesData(t *testing.T) {
	client, server := pair(t)
	buf := make([]byte, 8)
	_, err := server.TryPeek(buf)
	require.ErrorIs(t, err, tcp.ErrWouldBlock)

	must(t, exectest.Block(t, client.Write([]byte("hello"))))
	require.Eventually(t, func() bool {
		n, err := server.TryPeek(buf[:3])
		return err == nil && n == 3 && string(buf[:3]) == "hel"
	}, 10*time.Second, time.Millisecond)
	n, err := server.TryPeek(buf[:1])
	require.NoError(t, err)
	require.Equal(t, 1, n, "a peek takes nothing")
	_, err = io.ReadFull(server.NetConn(), buf[:5])
	require.NoError(t, err)
	require.Equal(t, "hello", string(buf[:5]))

	require.NoError(t, client.Close())
	require.Eventually(t, func() bool {
		n, err := server.TryPeek(buf)
		return n == 0 && err == nil
	}, 10*time.Second, time.Millisecond, "end of stream: 0, nil")
}
