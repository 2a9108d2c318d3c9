package stealq

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func items(n int) []*int {
	out := make([]*int, n)
	for i := range out {
		v := i
		out[i] = &v
	}
	return out
}

func TestPushPopFIFO(t *testing.T) {
	var q Queue[int]
	spill := make([]*int, 0, Capacity/2+1)
	xs := items(Capacity)
	for _, x := range xs {
		require.Nil(t, q.Push(x, spill))
	}
	require.Equal(t, Capacity, q.Len())
	for _, x := range xs {
		require.Same(t, x, q.Pop())
	}
	require.Nil(t, q.Pop())
	require.True(t, q.IsEmpty())
}

func TestOverflowSpillsOldestHalfAndNew(t *testing.T) {
	var q Queue[int]
	spill := make([]*int, 0, Capacity/2+1)
	xs := items(Capacity + 1)
	for _, x := range xs[:Capacity] {
		require.Nil(t, q.Push(x, spill))
	}
	out := q.Push(xs[Capacity], spill)
	require.Len(t, out, Capacity/2+1)
	for i := 0; i < Capacity/2; i++ {
		require.Same(t, xs[i], out[i])
	}
	require.Same(t, xs[Capacity], out[Capacity/2])
	require.Equal(t, Capacity/2, q.Len())
	for _, x := range xs[Capacity/2 : Capacity] {
		require.Same(t, x, q.Pop())
	}
}

func TestStealHalf(t *testing.T) {
	if Capacity < 5 {
		t.Skip("small ring: covered by the model fuzz")
	}
	var q, dst Queue[int]
	xs := items(5)
	for _, x := range xs {
		require.Nil(t, q.Push(x, nil))
	}
	got := q.StealInto(&dst)
	require.NotNil(t, got)
	// 5 available: 3 stolen (one returned, two left in dst), 2 stay.
	stolen := 5 - 5/2
	require.Equal(t, 5-stolen, q.Len())
	require.Equal(t, stolen-1, dst.Len())
	require.Same(t, xs[stolen-1], got)
	require.Same(t, xs[0], dst.Pop())
	require.Same(t, xs[stolen], q.Pop())
}

func TestMisusePanics(t *testing.T) {
	var q, d Queue[int]
	require.PanicsWithValue(t, "stealq.Queue.Push: nil task", func() { q.Push(nil, nil) })
	require.PanicsWithValue(t, "stealq.Queue.StealInto: stealing from itself", func() { q.StealInto(&q) })
	d.Push(new(int), nil)
	require.PanicsWithValue(t, "stealq.Queue.StealInto: destination not empty", func() { q.StealInto(&d) })
}

// TestConcurrentStealNoLossNoDup: the owner pushes and pops while thieves
// steal; every item is taken exactly once, overflow included.
func TestConcurrentStealNoLossNoDup(t *testing.T) {
	const n = 200000
	const thieves = 3
	var q Queue[int]
	xs := items(n)
	seen := make([]atomic.Int32, n)
	var taken atomic.Int64
	take := func(x *int) {
		seen[*x].Add(1)
		taken.Add(1)
	}
	var done atomic.Bool
	var wg sync.WaitGroup
	for range thieves {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine Queue[int]
			for {
				fin := done.Load()
				if v := q.StealInto(&mine); v != nil {
					take(v)
					mine.Drain(take)
				} else if fin {
					return
				}
			}
		}()
	}
	spill := make([]*int, 0, Capacity/2+1)
	for i, x := range xs {
		for _, s := range q.Push(x, spill) {
			take(s)
		}
		if i%3 == 0 {
			if v := q.Pop(); v != nil {
				take(v)
			}
		}
	}
	q.Drain(take)
	done.Store(true)
	wg.Wait()
	q.Drain(take)
	require.Equal(t, int64(n), taken.Load())
	for i := range seen {
		if !assert.Equal(t, int32(1), seen[i].Load(), "item %d", i) {
			break
		}
	}
}
