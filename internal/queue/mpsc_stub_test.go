package queue

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMPSCPoppedNodeForgetsStub: a popped node never points at the stub,
// which lives inside the queue's owner: otherwise whatever still reaches
// the node (a waker of its task) keeps the owner (an executor) alive.
func TestMPSCPoppedNodeForgetsStub(t *testing.T) {
	var q MPSC[int]
	q.Init()
	a, b, c := &Node[int]{Value: 1}, &Node[int]{Value: 2}, &Node[int]{Value: 3}
	for round := 0; round < 3; round++ {
		q.Push(a)
		q.Push(b)
		n, res := q.Pop()
		require.Equal(t, PopItem, res)
		require.Same(t, a, n)
		n, res = q.Pop()
		require.Equal(t, PopItem, res)
		require.Same(t, b, n)
		require.Nil(t, b.next.Load(), "the last node of a drained batch still points at the stub")
		_, res = q.Pop()
		require.Equal(t, PopEmpty, res)
		require.True(t, q.Empty())

		q.Push(c) // the stub is behind c once c is popped as the only node
		n, res = q.Pop()
		require.Equal(t, PopItem, res)
		require.Same(t, c, n)
		require.Nil(t, c.next.Load())
		require.True(t, q.Empty())
	}
}
