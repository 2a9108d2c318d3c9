package queue

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMPSCEmptyNeverHidesNodes is the regression test for a lost-task bug:
// a Pop that re-pushed the stub while a producer was between its swap and
// its link left head == &stub with nodes still queued, and Empty reported
// true. Here producers race a consumer; once every Push has returned,
// Empty must be false until the consumer has popped every node.
func TestMPSCEmptyNeverHidesNodes(t *testing.T) {
	const rounds, producers, per = 2000, 3, 4
	for r := 0; r < rounds; r++ {
		var q MPSC[int]
		q.Init()
		nodes := make([]Node[int], producers*per)
		var wg sync.WaitGroup
		for p := 0; p < producers; p++ {
			wg.Add(1)
			go func(p int) {
				defer wg.Done()
				for i := 0; i < per; i++ {
					q.Push(&nodes[p*per+i])
				}
			}(p)
		}
		popped := 0
		// Race the producers: pop until the queue looks empty or a
		// producer is caught in its window.
		for {
			_, res := q.Pop()
			if res != PopItem {
				break
			}
			popped++
		}
		wg.Wait()
		for popped < len(nodes) {
			require.False(t, q.Empty(), "round %d: Empty with %d of %d nodes unpopped", r, len(nodes)-popped, len(nodes))
			if _, res := q.Pop(); res == PopItem {
				popped++
			}
		}
		_, res := q.Pop()
		require.Equal(t, PopEmpty, res)
		require.True(t, q.Empty())
	}
}

// TestMPSCEmptyAfterStubRace replays that interleaving exactly: a producer
// swaps in node y just before the consumer re-pushes the stub behind x, and
// links y only after the consumer's Pop returned PopRetry.
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
	require.Same(t, &q.stub, q.head.Load(), "head went back to the stub")
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
