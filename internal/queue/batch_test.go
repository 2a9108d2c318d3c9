package queue

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// item is what the Batch tests push: who pushed it, its place in that
// producer's sequence, and the number a numbered push gave it.
type item struct {
	p, i int
	num  uint64
}

func numberItem(v *item, n uint64) { v.num = n }

// takeBatch takes everything b holds, oldest first.
func takeBatch[T any](b *Batch[T], into *Ring[T]) []T {
	if !b.Take(into) {
		return nil
	}
	return drain(into)
}

func TestBatchSequential(t *testing.T) {
	var b Batch[*item]
	var r Ring[*item]
	require.True(t, b.Empty())
	require.False(t, b.Take(&r))
	require.Zero(t, r.Len())

	x, y, z := &item{i: 0}, &item{i: 1}, &item{i: 2}
	b.Push(x, numberItem)
	b.Push(y, nil)
	b.Push(z, numberItem)
	require.False(t, b.Empty())
	require.Equal(t, uint64(2), b.Count())
	require.Equal(t, []uint64{1, 0, 2}, []uint64{x.num, y.num, z.num}, "only numbered pushes count")

	require.Equal(t, []*item{x, y, z}, takeBatch(&b, &r), "push order")
	require.True(t, b.Empty())
	require.Equal(t, uint64(3), b.AddCount())
	require.Equal(t, uint64(3), b.Count())
	require.True(t, b.Empty(), "AddCount pushes nothing")

	// The taken ring's buffer goes back to the batch: pushes reuse it.
	b.Push(y, nil)
	require.Equal(t, []*item{y}, takeBatch(&b, &r))
}

func TestBatchTakeIntoNonEmptyPanics(t *testing.T) {
	var b Batch[int]
	var r Ring[int]
	r.PushBack(1)
	b.Push(2, nil)
	require.PanicsWithValue(t, "queue.Batch.Take: destination ring is not empty", func() { b.Take(&r) })
	require.False(t, b.Empty(), "nothing taken")
}

// TestBatchConcurrent: producers push while the consumer takes (the
// shared check: each item once, each producer's in order); half the
// pushes are numbered, and the numbers are 1..n, each given once.
func TestBatchConcurrent(t *testing.T) {
	var b Batch[*item]
	var r Ring[*item]
	seen := make(map[uint64]bool)
	checkProducers(t, func(p, i int) {
		var number func(*item, uint64)
		if i%2 == 0 {
			number = numberItem
		}
		b.Push(&item{p: p, i: i}, number)
	}, func(dst [][2]int) [][2]int {
		for _, v := range takeBatch(&b, &r) {
			if v.i%2 == 0 {
				require.NotZero(t, v.num)
				require.False(t, seen[v.num], "number %d given twice", v.num)
				seen[v.num] = true
			}
			dst = append(dst, [2]int{v.p, v.i})
		}
		return dst
	})
	require.True(t, b.Empty())
	require.Len(t, seen, producers*perProducer/2)
	require.Equal(t, uint64(producers*perProducer/2), b.Count())
}

// FuzzBatch checks single-goroutine sequences of Push (numbered or not),
// AddCount and Take against a slice model and a counter.
func FuzzBatch(f *testing.F) {
	f.Add([]byte{0, 0, 1, 3, 1, 2, 2, 3})
	f.Add([]byte{2, 2, 2, 2, 3, 0, 1, 0, 3, 3})
	f.Add([]byte{1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var b Batch[*item]
		var r Ring[*item]
		var model []*item
		var count uint64
		for k, op := range ops {
			switch op % 4 {
			case 0, 2: // push, numbered when op%4 == 0
				v := &item{i: k}
				if op%4 == 0 {
					b.Push(v, numberItem)
					count++
					require.Equal(t, count, v.num)
				} else {
					b.Push(v, nil)
					require.Zero(t, v.num)
				}
				model = append(model, v)
			case 1:
				count++
				require.Equal(t, count, b.AddCount())
			case 3:
				got := takeBatch(&b, &r)
				require.Len(t, got, len(model))
				for j := range got {
					require.Same(t, model[j], got[j])
				}
				model = model[:0]
			}
			require.Equal(t, len(model) == 0, b.Empty())
			require.Equal(t, count, b.Count())
		}
	})
}
