//go:build linux

package aio_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/waker"
)

// TestCopyOverTCP: an aio.Copy echo on real sockets, read back line by
// line through a BufReader; the client half-closes to end the copy.
func TestCopyOverTCP(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client := block(t, tcp.Dial(ln.Addr().String()))
	require.NoError(t, client.Err)
	defer client.Value.Close()
	server := block(t, ln.Accept())
	require.NoError(t, server.Err)
	defer server.Value.Close()

	// Both sides on one goroutine: poll the echo and the client in turn.
	cx := future.NewContext(waker.Noop())
	echo := aio.Copy(server.Value, server.Value)
	var lines []string
	bw := aio.NewBufWriter(client.Value, 256)
	br := aio.NewBufReader(client.Value, 256)
	const n = 500
	msg := []byte("a line of text for the echo\n")
	sent := 0
	var write *aio.WriteAllFuture
	var echoed *future.Result[int64]
	var line *aio.ReadUntilFuture
	for echoed == nil || len(lines) < n {
		if sent < n {
			if write == nil {
				write = aio.WriteAll(bw, msg)
			}
			if err, ok := write.Poll(cx).Get(); ok {
				require.NoError(t, err)
				write = nil
				sent++
				if sent == n {
					require.NoError(t, block(t, bw.Flush()))
					require.NoError(t, client.Value.CloseWrite())
				}
			}
		}
		if sent%50 == 0 {
			bw.PollFlush(cx)
		}
		if echoed == nil {
			if r, ok := echo.Poll(cx).Get(); ok {
				echoed = &r
			}
		}
		if len(lines) < n {
			if line == nil {
				line = br.ReadLine()
			}
			if r, ok := line.Poll(cx).Get(); ok {
				require.NoError(t, r.Err)
				lines = append(lines, string(r.Value))
				line = nil
			}
		}
	}
	require.NoError(t, echoed.Err)
	require.EqualValues(t, n*len(msg), echoed.Value)
	for _, l := range lines {
		require.Equal(t, string(msg[:len(msg)-1]), l)
	}
	require.NoError(t, server.Value.CloseWrite())
	r := block(t, br.ReadLine())
	require.ErrorIs(t, r.Err, io.EOF)
}
