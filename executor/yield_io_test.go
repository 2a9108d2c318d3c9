package executor_test

import (
	"net"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// TestYieldLetsReadyIORunFirst: a task looping on YieldNow while its
// sibling waits on a socket that is already readable. The yielded task is
// deferred until the loop has polled its reactor (as tokio defers it), so
// the sibling sees its data after a yield or two. Before, the yielder went
// straight back on the ready ring and the reactor was only looked at every
// 61 polls: about 60 yields.
func TestYieldLetsReadyIORunFirst(t *testing.T) {
	ex := executor.NewLocal()
	defer func() { require.NoError(t, ex.Close()) }()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	peer, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer peer.Close()
	acc, err := executor.Run(ex, ln.Accept())
	require.NoError(t, err)
	require.NoError(t, acc.Err)
	conn := acc.Value
	defer conn.Close()

	got := false
	reader := executor.Spawn(ex, future.Async(func(co *future.Co) int {
		r := future.Await(co, conn.Read(make([]byte, 16)))
		got = true
		return r.Value
	}))
	ex.RunUntilStalled() // the reader waits on the socket
	_, err = peer.Write([]byte("ping"))
	require.NoError(t, err)

	yields, err := executor.Run(ex, future.Async(func(co *future.Co) int {
		n := 0
		for !got && n < 1000 {
			n++
			future.Await(co, future.YieldNow())
		}
		return n
	}))
	require.NoError(t, err)
	require.True(t, got)
	require.LessOrEqual(t, yields, 3, "the ready socket waited for %d yields", yields)
	r, err := executor.Run(ex, reader)
	require.NoError(t, err)
	require.Equal(t, 4, r.Value)
}

// TestYieldAloneStillRuns: a task that only yields is woken again at once
// when nothing else is ready (no park, no false deadlock).
func TestYieldAloneStillRuns(t *testing.T) {
	ex := executor.NewLocal(executor.DeadlockGrace(0))
	defer func() { require.NoError(t, ex.Close()) }()
	n, err := executor.Run(ex, future.Async(func(co *future.Co) int {
		for range 100 {
			future.Await(co, future.YieldNow())
		}
		return 100
	}))
	require.NoError(t, err)
	require.Equal(t, 100, n)
	require.Zero(t, ex.RunUntilStalled())
}
