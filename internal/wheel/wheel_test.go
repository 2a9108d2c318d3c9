package wheel

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestInsertDueRefused(t *testing.T) {
	w := New[int](100)
	var e Entry[int]
	require.False(t, w.Insert(&e, 100))
	require.False(t, w.Insert(&e, 5))
	require.False(t, e.Linked())
	require.Equal(t, 0, w.Len())
	require.True(t, w.Insert(&e, 101))
	require.Panics(t, func() { w.Insert(&e, 200) })
}

func TestFireOrderAcrossLevels(t *testing.T) {
	w := New[int](0)
	whens := []uint64{1, 63, 64, 65, 4095, 4096, 1 << 20, 1<<30 + 7, Span - 1, Span, Span + 1, 3*Span + 99}
	entries := make([]Entry[int], len(whens))
	for i, when := range whens {
		entries[i].Value = i
		require.True(t, w.Insert(&entries[i], when))
	}
	var got []uint64
	for w.Len() > 0 {
		d, ok := w.NextDeadline()
		require.True(t, ok)
		n := w.Advance(d, func(e *Entry[int]) { got = append(got, e.When()) })
		require.Equal(t, 1, n, "advance to %d", d)
	}
	require.Equal(t, whens, got)
}

func TestAdvanceInOneStep(t *testing.T) {
	w := New[int](7)
	entries := make([]Entry[int], 1000)
	for i := range entries {
		require.True(t, w.Insert(&entries[i], 8+uint64(i*i*977)%(1<<40)))
	}
	var last uint64
	n := w.Advance(1<<41, func(e *Entry[int]) {
		require.GreaterOrEqual(t, e.When(), last)
		last = e.When()
	})
	require.Equal(t, 1000, n)
	require.Equal(t, 0, w.Len())
	_, ok := w.NextDeadline()
	require.False(t, ok)
}

func TestClampedFarDeadlineStillFires(t *testing.T) {
	w := New[int](0)
	var e Entry[int]
	require.True(t, w.Insert(&e, ^uint64(0)))
	require.Equal(t, MaxDeadline, e.When())
	require.Equal(t, 0, w.Advance(MaxDeadline-1, func(*Entry[int]) { t.Fatal("fired early") }))
	require.Equal(t, 1, w.Advance(^uint64(0), func(*Entry[int]) {}))
}

func TestFireMayReinsert(t *testing.T) {
	w := New[int](0)
	var a, b Entry[int]
	w.Insert(&a, 10)
	w.Insert(&b, 10)
	fired := 0
	w.Advance(10, func(e *Entry[int]) {
		fired++
		// Re-arm the entry and cancel the other one from inside fire.
		require.False(t, w.Insert(e, 10), "due entry accepted")
		require.True(t, w.Insert(e, 20))
		other := &a
		if e == &a {
			other = &b
		}
		w.Remove(other)
	})
	require.Equal(t, 1, fired)
	require.Equal(t, 1, w.Len())
	d, _ := w.NextDeadline()
	require.Equal(t, uint64(20), d)
}

func TestClear(t *testing.T) {
	w := New[int](0)
	entries := make([]Entry[int], 100)
	for i := range entries {
		w.Insert(&entries[i], uint64(1+i*i*i*i*i))
	}
	n := 0
	w.Clear(func(e *Entry[int]) { n++; require.False(t, e.Linked()) })
	require.Equal(t, 100, n)
	require.Equal(t, 0, w.Len())
	require.Equal(t, [Levels]uint64{}, w.occupied)
	_, ok := w.NextExpiration()
	require.False(t, ok)
}

func TestInsertCancelAllocatesNothing(t *testing.T) {
	w := New[int](0)
	var e Entry[int]
	allocs := testing.AllocsPerRun(1000, func() {
		w.Insert(&e, 12345)
		w.Remove(&e)
	})
	require.Zero(t, allocs)
}

func BenchmarkInsertCancel(b *testing.B) {
	w := New[int](0)
	// A realistic background load, so lists are not trivially empty.
	bg := make([]Entry[int], 10000)
	for i := range bg {
		w.Insert(&bg[i], uint64(1+i*37))
	}
	var e Entry[int]
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		w.Insert(&e, uint64(1+i%100000))
		w.Remove(&e)
	}
}

func BenchmarkAdvance(b *testing.B) {
	entries := make([]Entry[int], 100000)
	b.ReportAllocs()
	for b.Loop() {
		w := New[int](0)
		for i := range entries {
			w.Insert(&entries[i], uint64(1+(i*7919)%100))
		}
		w.Advance(100, func(*Entry[int]) {})
	}
}
