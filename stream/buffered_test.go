package stream_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
)

func TestBufferedKeepsInputOrder(t *testing.T) {
	fs, source := futs(3, 0, 1, 2)
	s := stream.Buffered[int](source, 4)
	require.Equal(t, []int{0, 1, 2, 3}, drain(t, s, 20))
	requireEnded(t, s)
	for i, f := range fs {
		require.Equal(t, f.pending+1, f.polls, "future %d polled until ready, once per PollNext", i)
		require.Zero(t, f.drops)
	}
}

func TestBufferUnorderedYieldsAsTheyFinish(t *testing.T) {
	_, source := futs(3, 0, 1, 2)
	s := stream.BufferUnordered[int](source, 4)
	require.Equal(t, []int{1, 2, 3, 0}, drain(t, s, 20))
	requireEnded(t, s)
}

// inflight wraps test futures to record how many run at once.
type inflight struct {
	f         *fut[int]
	live, max *int
	started   bool
}

func (g *inflight) Poll(cx *future.Context) future.Poll[int] {
	if !g.started {
		g.started = true
		*g.live++
		*g.max = max(*g.max, *g.live)
	}
	p := g.f.Poll(cx)
	if p.IsReady() {
		*g.live--
	}
	return p
}

func (g *inflight) Drop() {
	if g.started && !g.f.done {
		*g.live--
	}
	g.f.Drop()
}

func TestBufferLimits(t *testing.T) {
	for _, unordered := range []bool{false, true} {
		var live, peak int
		pending := []int{4, 1, 0, 3, 2, 0, 5, 1, 0}
		vals := make([]future.Future[int], len(pending))
		for i, p := range pending {
			vals[i] = &inflight{f: &fut[int]{pending: p, v: i}, live: &live, max: &peak}
		}
		source := newSrc("futures", vals...)
		var s stream.Stream[int]
		if unordered {
			s = stream.BufferUnordered[int](source, 3)
		} else {
			s = stream.Buffered[int](source, 3)
		}
		out := drain(t, s, 100)
		require.Len(t, out, len(pending))
		require.LessOrEqual(t, peak, 3, "at most n futures run at once (unordered=%v)", unordered)
		require.Equal(t, 3, peak, "the buffer fills up (unordered=%v)", unordered)
		if !unordered {
			require.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8}, out)
		} else {
			require.ElementsMatch(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8}, out)
		}
	}
}

func TestBufferUnorderedHeldOutputsCountAgainstN(t *testing.T) {
	// Two futures finish in the same PollNext; with n = 2 the second output
	// is held, and no third future starts until it is yielded.
	fs, source := futs(0, 0, 0)
	s := stream.BufferUnordered[int](source, 2)
	cx, _ := newCx()
	require.Equal(t, stream.Some(0), next(t, cx, s, 1))
	require.Zero(t, fs[2].polls)
	require.Equal(t, stream.Some(1), next(t, cx, s, 1), "the held output comes first")
	require.Equal(t, stream.Some(2), next(t, cx, s, 1))
	require.True(t, next(t, cx, s, 1).IsEnd())
}

func TestBufferedDropMidStream(t *testing.T) {
	for _, unordered := range []bool{false, true} {
		fs, source := futs(5, 0, 5, 5, 5)
		var s stream.Stream[int]
		if unordered {
			s = stream.BufferUnordered[int](source, 3)
		} else {
			s = stream.Buffered[int](source, 3)
		}
		cx, _ := newCx()
		if unordered {
			require.Equal(t, stream.Some(1), next(t, cx, s, 1))
		} else {
			require.True(t, s.PollNext(cx).IsPending())
		}
		future.Drop(s)
		future.Drop(s)
		require.Equal(t, 1, fs[0].drops, "unfinished in-flight future dropped once (unordered=%v)", unordered)
		require.Zero(t, fs[1].drops, "a finished future is not dropped")
		require.Equal(t, 1, fs[2].drops)
		require.Zero(t, fs[3].drops, "a future never taken from the source is the source's")
		require.Zero(t, fs[3].polls)
		require.Equal(t, 1, source.drops, "the source is dropped once")
		require.Panics(t, func() { s.PollNext(cx) })
	}
}

func TestBufferedSourceEndsFirst(t *testing.T) {
	fs, source := futs(2, 2)
	source.gap = 1
	s := stream.Buffered[int](source, 8)
	require.Equal(t, []int{0, 1}, drain(t, s, 20))
	future.Drop(s)
	require.Zero(t, source.drops, "an ended source is not dropped")
	require.Zero(t, fs[0].drops+fs[1].drops)
}
