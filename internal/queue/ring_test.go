package queue

import (
	"bytes"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRingFIFO(t *testing.T) {
	var r Ring[int]
	_, ok := r.PopFront()
	require.False(t, ok)
	for round := 0; round < 3; round++ {
		for i := 0; i < 100; i++ {
			r.PushBack(i)
		}
		require.Equal(t, 100, r.Len())
		require.Equal(t, 5, r.At(5))
		for i := 0; i < 100; i++ {
			v, ok := r.PopFront()
			require.True(t, ok)
			require.Equal(t, i, v)
		}
		require.Equal(t, 0, r.Len())
	}
}

func TestRingRemoveAt(t *testing.T) {
	var r Ring[string]
	for _, s := range []string{"a", "b", "c", "d"} {
		r.PushBack(s)
	}
	require.Equal(t, "c", r.RemoveAt(2))
	// The front moved into the hole: b, a, d.
	require.Equal(t, []string{"b", "a", "d"}, drain(&r))
	require.PanicsWithValue(t, "queue.Ring.RemoveAt: index out of range", func() { r.RemoveAt(0) })
	require.PanicsWithValue(t, "queue.Ring.At: index out of range", func() { r.At(-1) })
}

func TestRingReverseBack(t *testing.T) {
	var r Ring[int]
	for i := range 2 * chunkLen {
		r.PushBack(i)
	}
	for range 2*chunkLen - 3 {
		r.PopFront()
	}
	for i := 2 * chunkLen; i < 2*chunkLen+chunkLen/2; i++ { // the back wraps to the directory's first chunk
		r.PushBack(i)
	}
	require.Len(t, r.dir, 2)
	require.Less(t, r.pos(r.n-1), r.head, "wrapped")
	k := chunkLen/2 + 1
	r.ReverseBack(k)
	var want []int
	want = append(want, 2*chunkLen-3, 2*chunkLen-2)
	for i := 2*chunkLen + chunkLen/2 - 1; i >= 2*chunkLen-1; i-- {
		want = append(want, i)
	}
	require.Equal(t, want, drain(&r))
	r.ReverseBack(0)
	r.PushBack(1)
	r.ReverseBack(1)
	require.Equal(t, []int{1}, drain(&r))
	require.Panics(t, func() { r.ReverseBack(1) })
}

func TestRingClear(t *testing.T) {
	var r Ring[*int]
	x := 1
	for range 3 * chunkLen {
		r.PushBack(&x)
	}
	r.Clear()
	require.Equal(t, 0, r.Len())
	checkRing(t, &r)
	require.Equal(t, spareChunks, r.nspare, "Clear keeps chunks for reuse")
	r.PushBack(&x)
	require.Equal(t, 1, r.Len())
	checkRing(t, &r)
}

// checkRing checks the layout Ring's doc states: chunks exactly where
// elements are, zero slots everywhere else, zeroed spares.
func checkRing[T comparable](t *testing.T, r *Ring[T]) {
	t.Helper()
	var zero T
	if len(r.dir) == 0 {
		require.Zero(t, r.n)
		return
	}
	require.Zero(t, len(r.dir)&(len(r.dir)-1), "directory length a power of two")
	require.LessOrEqual(t, r.head&chunkMask+r.n, len(r.dir)<<chunkShift, "the back never wraps into the front's chunk")
	size := len(r.dir) << chunkShift
	for k, c := range r.dir {
		holds := false
		for j := range chunkLen {
			if (k<<chunkShift+j-r.head+size)%size < r.n {
				holds = true
			} else if c != nil {
				require.Equal(t, zero, c[j], "stale slot %d of chunk %d", j, k)
			}
		}
		if holds {
			require.NotNil(t, c, "chunk %d holds elements", k)
		} else if r.n > 0 {
			require.Nil(t, c, "chunk %d holds nothing", k)
		}
	}
	for _, c := range r.spare[:r.nspare] {
		require.Equal(t, chunk[T]{}, *c, "a spare chunk is zero")
	}
	if r.n > 0 {
		require.Same(t, r.dir[r.head>>chunkShift], r.front, "front is the front element's chunk")
		require.Same(t, r.dir[r.pos(r.n-1)>>chunkShift], r.back, "back is the back element's chunk")
	} else {
		require.Zero(t, r.head, "an empty ring starts at 0")
		require.Same(t, r.dir[0], r.back, "an empty ring's back is its chunk, if any")
		require.Same(t, r.back, r.front, "and so is its front")
	}
}

func drain[T any](r *Ring[T]) []T {
	var out []T
	for {
		v, ok := r.PopFront()
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

// FuzzRing drives a Ring and a slice model with the same operations: each
// input byte is an operation (push, pop, remove-at, clear, reverse the
// back, shrink), and after each the layout is checked.
func FuzzRing(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 2, 0, 3, 1})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1})
	f.Add([]byte{2, 1, 3, 0, 0x42, 0x81})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 4 + 6*5, 5, 1, 1, 1, 11})
	f.Add(bytes.Repeat([]byte{0, 0, 0, 1, 0, 0, 1, 28}, 90))
	f.Fuzz(func(t *testing.T, ops []byte) {
		var r Ring[int]
		var model []int
		next := 1 // 0 is the zero value checkRing looks for
		if len(ops) > 512 {
			ops = ops[:512] // each step checks the whole ring: keep inputs quick
		}
		for _, op := range ops {
			switch op % 6 {
			case 0:
				if len(model) > 16*chunkLen {
					continue
				}
				for range 1 + int(op/6)%4*chunkLen/4 { // bursts cross chunks
					r.PushBack(next)
					model = append(model, next)
					next++
				}
			case 1:
				v, ok := r.PopFront()
				require.Equal(t, len(model) > 0, ok)
				if ok {
					require.Equal(t, model[0], v)
					model = model[1:]
				}
			case 2:
				if len(model) == 0 {
					continue
				}
				i := int(op/6) % len(model)
				require.Equal(t, model[i], r.RemoveAt(i))
				model[i] = model[0]
				model = model[1:]
			case 3:
				if op/6%8 == 0 {
					r.Clear()
					model = model[:0]
				}
			case 4:
				k := int(op/6) % (len(model) + 1)
				r.ReverseBack(k)
				slices.Reverse(model[len(model)-k:])
			case 5:
				r.Shrink(chunkLen << (op / 6 % 3) / 2)
			}
			require.Equal(t, len(model), r.Len())
			for i, v := range model {
				require.Equal(t, v, r.At(i))
			}
			checkRing(t, &r)
		}
	})
}

func TestRingShrink(t *testing.T) {
	var r Ring[int]
	for i := range 8 * chunkLen {
		r.PushBack(i)
	}
	require.Len(t, r.dir, 8)
	for range 8*chunkLen - 2 {
		r.PopFront()
	}
	require.Equal(t, 1, countChunks(&r), "chunks go back as the front leaves them")
	r.PushBack(8 * chunkLen) // into the next chunk
	r.Shrink(chunkLen)
	require.Len(t, r.dir, 2, "3 left, across a chunk boundary: the directory shrinks to the two chunks that hold them")
	require.Equal(t, 3, r.Len())
	checkRing(t, &r)
	require.Equal(t, []int{8*chunkLen - 2, 8*chunkLen - 1, 8 * chunkLen}, drain(&r), "order kept")
	for i := range 4 * chunkLen {
		r.PushBack(i)
	}
	require.Len(t, r.dir, 4)
	for range 4 * chunkLen {
		r.PopFront()
	}
	r.Shrink(2 * chunkLen)
	require.Len(t, r.dir, 2, "never below min")
	var e Ring[int]
	e.Shrink(16) // empty, no directory: no-op
	require.Zero(t, len(e.dir))
}

func countChunks[T any](r *Ring[T]) int {
	n := 0
	for _, c := range r.dir {
		if c != nil {
			n++
		}
	}
	return n
}

// A queue that stays about the same length allocates nothing: the chunks
// the front leaves are the ones the back enters.
func TestRingSteadyStateAllocatesNothing(t *testing.T) {
	var r Ring[*int]
	x := 1
	for range 3 * chunkLen {
		r.PushBack(&x)
	}
	allocs := testing.AllocsPerRun(10*chunkLen, func() {
		r.PushBack(&x)
		r.PopFront()
	})
	require.Zero(t, allocs)
}
