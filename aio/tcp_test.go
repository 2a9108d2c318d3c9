//go:build linux

package aio_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/net/tcp"
)

// TestCopyOverTCP: an aio.Copy echo on real sockets, read back line by
// line through a BufReader; the client half-closes to end the copy.
func TestCopyOverTCP(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client := exectest.Block(t, tcp.Dial(ln.Addr().String()))
	require.NoError(t, client.Err)
	defer client.Value.Close()
	server := exectest.Block(t, ln.Accept())
	require.NoError(t, server.Err)
	defer server.Value.Close()

	// Three tasks of one executor, on one goroutine: the echo, a writer
	// of n lines (flushing every 50) that then half-closes, and the test
	// reading the lines back, one Run per line.
	ex := exectest.For(t)
	echo := executor.Spawn(ex, aio.Copy(server.Value, server.Value))
	bw := aio.NewBufWriter(client.Value, 256)
	br := aio.NewBufReader(client.Value, 256)
	const n = 500
	msg := []byte("a line of text for the echo\n")
	writer := executor.Spawn(ex, future.Async(func(co *future.Co) error {
		for sent := 1; sent <= n; sent++ {
			if err := future.Await(co, aio.WriteAll(bw, msg)); err != nil {
				return err
			}
			if sent%50 == 0 {
				if err := future.Await(co, bw.Flush()); err != nil {
					return err
				}
			}
		}
		if err := future.Await(co, bw.Flush()); err != nil {
			return err
		}
		return client.Value.CloseWrite()
	}))
	var lines []string
	for len(lines) < n {
		r := exectest.Block(t, br.ReadLine())
		require.NoError(t, r.Err)
		lines = append(lines, string(r.Value))
	}
	require.NoError(t, must(t, exectest.Block(t, writer)))
	echoed := must(t, exectest.Block(t, echo))
	require.NoError(t, echoed.Err)
	require.EqualValues(t, n*len(msg), echoed.Value)
	for _, l := range lines {
		require.Equal(t, string(msg[:len(msg)-1]), l)
	}
	require.NoError(t, server.Value.CloseWrite())
	r := exectest.Block(t, br.ReadLine())
	require.ErrorIs(t, r.Err, io.EOF)
}

// must unwraps a Result.
func must[T any](t testing.TB, r future.Result[T]) T {
	t.Helper()
	require.NoError(t, r.Err)
	return r.Value
}
