package queue

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMPSCEmptyAfterStubRace is the regression test for a lost-task bug: a
// Pop that re-pushed the stub while a producer was between its swap and its
// link left head == &stub with nodes still queued, and Empty reported true
// (Multi's workers trusted it and parked). It replays that interleaving
// exactly: a producer swaps in node y just before the consumer re-pushes
// the stub behind x, and links y only after the consumer's Pop returned
// PopRetry.
func TestMPSCEmptyAfterStubRace(t *testing.T) {
	var q MPSC[int]
	q.Init()
	x, y := &Node[int]{Value: 1}, &Node[int]{Value: 2}
	q.Push(x)
	var prev *Node[int]
	testHookBeforeStub = func(any) {
		testHookBeforeStub = nil
		y.next.Store(nil)
		prev = q.head.Swap(y) // the producer's swap; its link comes later
	}
	defer func() { testHookBeforeStub = nil }()

	_, res := q.Pop()
	require.Equal(t, PopRetry, res)
	prev.next.Store(y) // the producer's link: its Push has now returned
	require.Same(t, q.stub, q.head.Load(), "head went back to the stub")
	require.False(t, q.Empty(), "x and y are still queued")

	n, res := q.Pop()
	require.Equal(t, PopItem, res)
	require.Equal(t, 1, n.Value)
	require.False(t, q.Empty())
	n, res = q.Pop()
	require.Equal(t, PopItem, res)
	require.Equal(t, 2, n.Value)
	_, res = q.Pop()
	require.Equal(t, PopEmpty, res)
	require.True(t, q.Empty())
}
