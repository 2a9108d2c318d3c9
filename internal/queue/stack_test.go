package queue

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// takeAll drains s in push order.
func takeAll[T any](s *Stack[T], dst []T) []T {
	first := len(dst)
	for n := s.Take(); n != nil; n = n.Next() {
		dst = append(dst, n.Value)
	}
	slices.Reverse(dst[first:])
	return dst
}

func TestStackSequential(t *testing.T) {
	var s Stack[int]
	require.True(t, s.Empty())
	require.Empty(t, takeAll(&s, nil))

	ns := newNodes(5)
	for _, n := range ns {
		s.Push(n)
	}
	require.False(t, s.Empty())
	got := takeAll(&s, make([]int, 0, 1))
	require.Equal(t, []int{0, 1, 2, 3, 4}, got, "push order")
	require.True(t, s.Empty())

	// Taken nodes may be pushed again, alone or with others, and are
	// appended after what dst holds.
	s.Push(ns[4])
	s.Push(ns[0])
	got = takeAll(&s, got[:1])
	require.Equal(t, []int{0, 4, 0}, got)
	s.Push(ns[0]) // the oldest of its batch: its link is already nil
	require.Equal(t, []int{0}, takeAll(&s, nil))
}

func TestStackConcurrent(t *testing.T) {
	var s Stack[[2]int]
	checkProducers(t, func(p, i int) {
		s.Push(&Node[[2]int]{Value: [2]int{p, i}})
	}, func(dst [][2]int) [][2]int { return takeAll(&s, dst) })
	require.True(t, s.Empty())
}

// FuzzStack checks single-goroutine interleavings of Push and TakeAll
// (including re-pushing taken nodes) against a slice model.
func FuzzStack(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 1, 1, 1})
	f.Add([]byte{0, 2, 4, 1, 0, 1, 4, 2, 0, 1, 1})
	f.Add([]byte{2, 1, 2, 1, 2, 4, 6, 1})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var s Stack[int]
		ns := newNodes(8)
		inStack := make([]bool, len(ns))
		var model []int
		for _, op := range ops {
			if op%2 == 0 {
				i := int(op/2) % len(ns)
				if inStack[i] {
					continue
				}
				s.Push(ns[i])
				inStack[i] = true
				model = append(model, i)
				continue
			}
			got := takeAll(&s, nil)
			require.Len(t, got, len(model))
			for k, v := range got {
				require.Equal(t, model[k], v)
				inStack[v] = false
			}
			model = model[:0]
			require.True(t, s.Empty())
		}
	})
}
