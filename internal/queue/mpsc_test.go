package queue

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func newNodes(n int) []*Node[int] {
	ns := make([]*Node[int], n)
	for i := range ns {
		ns[i] = &Node[int]{Value: i}
	}
	return ns
}

func TestMPSCSequential(t *testing.T) {
	var q MPSC[int]
	q.Init()
	require.True(t, q.Empty())
	_, res := q.Pop()
	require.Equal(t, PopEmpty, res)

	ns := newNodes(5)
	for _, n := range ns {
		q.Push(n)
	}
	require.False(t, q.Empty())
	for i := range ns {
		n, res := q.Pop()
		require.Equal(t, PopItem, res)
		require.Equal(t, i, n.Value)
	}
	_, res = q.Pop()
	require.Equal(t, PopEmpty, res)
	require.True(t, q.Empty())

	// A popped node may be pushed again.
	q.Push(ns[2])
	n, res := q.Pop()
	require.Equal(t, PopItem, res)
	require.Same(t, ns[2], n)
	_, res = q.Pop()
	require.Equal(t, PopEmpty, res)
}

// TestMPSCRetryWindow simulates a producer stopped between its swap and its
// link: Pop must report PopRetry (not empty, not a hang) until the link lands.
func TestMPSCRetryWindow(t *testing.T) {
	var q MPSC[int]
	q.Init()
	a, b := &Node[int]{Value: 1}, &Node[int]{Value: 2}
	q.Push(a)
	// Half a push of b: the swap without the link.
	b.next.Store(nil)
	prev := q.head.Swap(b)
	n, res := q.Pop()
	require.Equal(t, PopRetry, res, "a is the last linked node but not the head")
	require.Nil(t, n)
	require.False(t, q.Empty())
	prev.next.Store(b) // the producer resumes
	n, res = q.Pop()
	require.Equal(t, PopItem, res)
	require.Equal(t, 1, n.Value)
	n, res = q.Pop()
	require.Equal(t, PopItem, res)
	require.Equal(t, 2, n.Value)
	_, res = q.Pop()
	require.Equal(t, PopEmpty, res)

	// The same window on an empty queue.
	c := &Node[int]{Value: 3}
	c.next.Store(nil)
	prev = q.head.Swap(c)
	_, res = q.Pop()
	require.Equal(t, PopRetry, res)
	prev.next.Store(c)
	n, res = q.Pop()
	require.Equal(t, PopItem, res)
	require.Same(t, c, n)
}

// TestMPSCConcurrent: producers push disjoint nodes while one consumer pops;
// every node arrives exactly once and each producer's nodes arrive in order.
func TestMPSCConcurrent(t *testing.T) {
	var q MPSC[[2]int]
	q.Init()
	checkProducers(t, func(p, i int) {
		q.Push(&Node[[2]int]{Value: [2]int{p, i}})
	}, func(dst [][2]int) [][2]int {
		if n, res := q.Pop(); res == PopItem {
			dst = append(dst, n.Value)
		}
		return dst
	})
	_, res := q.Pop()
	require.Equal(t, PopEmpty, res)
	require.True(t, q.Empty())
}

// FuzzMPSC checks single-goroutine interleavings of Push and Pop (including
// re-pushing popped nodes) against a slice model.
func FuzzMPSC(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 1, 1, 1})
	f.Add([]byte{0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1})
	f.Add([]byte{1, 1, 0, 2, 4, 1, 1})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var q MPSC[int]
		q.Init()
		ns := newNodes(8)
		inQueue := make([]bool, len(ns))
		var model []int
		for _, op := range ops {
			if op%2 == 0 {
				i := int(op/2) % len(ns)
				if inQueue[i] {
					continue
				}
				q.Push(ns[i])
				inQueue[i] = true
				model = append(model, i)
				continue
			}
			n, res := q.Pop()
			if len(model) == 0 {
				require.Equal(t, PopEmpty, res)
				require.True(t, q.Empty())
				continue
			}
			require.Equal(t, PopItem, res)
			require.Equal(t, model[0], n.Value)
			inQueue[model[0]] = false
			model = model[1:]
		}
	})
}
