package stream_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
)

// FuzzBuffered checks Buffered and BufferUnordered against their contract
// for arbitrary futures (each byte: how many polls a future stays pending),
// buffer sizes, source gaps and an optional drop after k items: Buffered
// yields input order, BufferUnordered a permutation; at most n futures run
// at once; a drop drops each unfinished future taken from the source, and
// the source, exactly once.
func FuzzBuffered(f *testing.F) {
	f.Add([]byte{3, 0, 1, 2}, uint8(2), uint8(0), uint8(255), false)
	f.Add([]byte{0, 0, 0, 0, 0}, uint8(1), uint8(1), uint8(2), true)
	f.Add([]byte{9, 1, 4, 0, 7, 2}, uint8(4), uint8(2), uint8(1), true)
	f.Add([]byte{}, uint8(3), uint8(0), uint8(255), false)
	f.Fuzz(func(t *testing.T, pending []byte, n, gap, dropAfter uint8, unordered bool) {
		if len(pending) > 64 {
			pending = pending[:64]
		}
		size := int(n%8) + 1
		var live, peak int
		fs := make([]*fut[int], len(pending))
		vals := make([]future.Future[int], len(pending))
		for i, p := range pending {
			fs[i] = &fut[int]{pending: int(p % 16), v: i}
			vals[i] = &inflight{f: fs[i], live: &live, max: &peak}
		}
		source := newSrc("futures", vals...)
		source.gap = int(gap % 3)
		var s stream.Stream[int]
		if unordered {
			s = stream.BufferUnordered[int](source, size)
		} else {
			s = stream.Buffered[int](source, size)
		}
		cx, _ := newCx()
		var out []int
		dropped := false
		for polls := 0; ; polls++ {
			require.Less(t, polls, 10000, "stream did not end")
			if len(out) == int(dropAfter) {
				future.Drop(s)
				dropped = true
				break
			}
			it, ok := s.PollNext(cx).Get()
			if !ok {
				continue
			}
			v, ok := it.Get()
			if !ok {
				break
			}
			out = append(out, v)
		}
		require.LessOrEqual(t, peak, size)
		seen := make(map[int]bool)
		for i, v := range out {
			require.False(t, seen[v], "value %d yielded twice", v)
			seen[v] = true
			if !unordered {
				require.Equal(t, i, v, "Buffered keeps input order")
			}
		}
		switch {
		case !dropped:
			require.Len(t, out, len(pending))
			require.Zero(t, source.drops, "an ended source is not dropped")
		case source.ends == 0:
			require.Equal(t, 1, source.drops, "dropped mid-stream: the source once")
		default:
			require.Zero(t, source.drops, "an ended source is not dropped")
		}
		for i, g := range fs {
			switch {
			case g.done:
				require.Zero(t, g.drops, "future %d finished, so not dropped", i)
			case g.polls > 0:
				require.Equal(t, 1, g.drops, "future %d in flight: dropped once", i)
			default:
				require.Zero(t, g.drops, "future %d never taken from the source", i)
			}
		}
	})
}
