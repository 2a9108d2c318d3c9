package queue

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestMPSCPoppedNodeKeepsNoOwnerAlive: a node popped from a drained
// queue must not keep the queue's owner reachable (the stub it may still
// point at is a node of its own, not a field of the queue): an executor
// whose tasks are still referred to by their wakers must be collectable.
func TestMPSCPoppedNodeKeepsNoOwnerAlive(t *testing.T) {
	type owner struct {
		q MPSC[int]
		_ [1 << 10]byte // not a tiny allocation
	}
	a, b := &Node[int]{Value: 1}, &Node[int]{Value: 2}
	collected := make(chan struct{})
	func() {
		o := &owner{}
		o.q.Init()
		runtime.AddCleanup(o, func(ch chan struct{}) { close(ch) }, collected)
		o.q.Push(a)
		o.q.Push(b)
		for range 2 {
			_, res := o.q.Pop()
			require.Equal(t, PopItem, res)
		}
		_, res := o.q.Pop()
		require.Equal(t, PopEmpty, res)
	}()
	for i := 0; i < 100; i++ {
		runtime.GC()
		select {
		case <-collected:
			runtime.KeepAlive(a)
			runtime.KeepAlive(b)
			return
		case <-time.After(time.Millisecond):
		}
	}
	t.Fatal("the queue's owner stayed reachable through its popped nodes")
}
