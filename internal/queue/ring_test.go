package queue

import (
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
	for i := range 30 {
		r.PushBack(i)
	}
	for range 27 {
		r.PopFront()
	}
	for i := 30; i < 36; i++ { // the back wraps past the end of the buffer
		r.PushBack(i)
	}
	require.Equal(t, 32, len(r.buf))
	r.ReverseBack(7)
	require.Equal(t, []int{27, 28, 35, 34, 33, 32, 31, 30, 29}, drain(&r))
	r.ReverseBack(0)
	r.PushBack(1)
	r.ReverseBack(1)
	require.Equal(t, []int{1}, drain(&r))
	require.Panics(t, func() { r.ReverseBack(1) })
}

func TestRingClear(t *testing.T) {
	var r Ring[*int]
	x := 1
	r.PushBack(&x)
	r.PushBack(&x)
	r.Clear()
	require.Equal(t, 0, r.Len())
	for _, p := range r.buf {
		require.Nil(t, p, "Clear must zero slots")
	}
	r.PushBack(&x)
	require.Equal(t, 1, r.Len())
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
// input byte is an operation (push, pop, remove-at, clear).
func FuzzRing(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 2, 0, 3, 1})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1})
	f.Add([]byte{2, 1, 3, 0, 0x42, 0x81})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var r Ring[int]
		var model []int
		next := 0
		for _, op := range ops {
			switch op % 4 {
			case 0:
				r.PushBack(next)
				model = append(model, next)
				next++
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
				i := int(op/4) % len(model)
				require.Equal(t, model[i], r.RemoveAt(i))
				model[i] = model[0]
				model = model[1:]
			case 3:
				if op/4%8 == 0 {
					r.Clear()
					model = model[:0]
				}
			}
			require.Equal(t, len(model), r.Len())
			for i, v := range model {
				require.Equal(t, v, r.At(i))
			}
		}
	})
}

func TestRingShrink(t *testing.T) {
	var r Ring[int]
	for i := range 1000 {
		r.PushBack(i)
	}
	for range 990 {
		r.PopFront()
	}
	for i := range 5 { // wrap the ring around
		r.PushBack(1000 + i)
	}
	r.Shrink(16)
	require.Equal(t, 32, len(r.buf), "15 left: halved while they fill less than a quarter")
	require.Equal(t, 15, r.Len())
	for i := range 15 {
		v, ok := r.PopFront()
		require.True(t, ok)
		require.Equal(t, 990+i, v, "order kept")
	}
	r.Shrink(16)
	require.Equal(t, 16, len(r.buf), "never below min")
	var e Ring[int]
	e.Shrink(16) // empty, no buffer: no-op
	require.Zero(t, len(e.buf))
}
