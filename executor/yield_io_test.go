package executor_test

import (
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

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
	t.Run("Local", func(t *testing.T) {
		ex := executor.NewLocal()
		defer func() { require.NoError(t, ex.Close()) }()
		yieldWhileIOReady(t, ex)
	})
	t.Run("Multi", func(t *testing.T) {
		ex := executor.NewMulti(executor.Workers(1))
		defer func() { require.NoError(t, ex.Close()) }()
		yieldWhileIOReady(t, ex)
	})
}

// yieldWhileIOReady runs the scenario on ex.
func yieldWhileIOReady(t *testing.T, ex executor.Executor) {
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

	var got, started atomic.Bool
	reader := executor.Spawn(ex, future.Async(func(co *future.Co) int {
		started.Store(true)
		r := future.Await(co, conn.Read(make([]byte, 16)))
		got.Store(true)
		return r.Value
	}))
	// Let the reader wait on the socket (if it is slower and finds the
	// data at once, the test passes without testing: never a false fail).
	for !started.Load() {
		_, err := executor.Run(ex, future.YieldNow())
		require.NoError(t, err)
	}
	_, err = peer.Write([]byte("ping"))
	require.NoError(t, err)
	// A loopback write returns before the kernel has queued the bytes on
	// the receiving socket when the machine is loaded (delivery may wait
	// for a softirq thread): yields counted before that measure the
	// kernel, not the executor (a full -race run once saw 52). Count from
	// the moment the socket is readable. TryPeek takes nothing and never
	// loses the reader's readiness (it clears only an older tick's).
	waitReadable(t, conn, &got)

	yields, err := executor.Run(ex, future.Async(func(co *future.Co) int {
		n := 0
		for !got.Load() && n < 1000 {
			n++
			future.Await(co, future.YieldNow())
		}
		return n
	}))
	require.NoError(t, err)
	require.True(t, got.Load())
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

// waitReadable waits until conn has bytes queued, or the reader has
// taken them already (got; the test then passes without testing).
func waitReadable(t *testing.T, conn *tcp.Stream, got *atomic.Bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	buf := make([]byte, 1)
	for !got.Load() {
		n, err := conn.TryPeek(buf)
		if n > 0 {
			return
		}
		if err != nil && !errors.Is(err, tcp.ErrWouldBlock) {
			t.Fatalf("TryPeek: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the bytes written on loopback never became readable")
		}
		time.Sleep(100 * time.Microsecond)
	}
}
