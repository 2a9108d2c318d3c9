package stream_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// endless is an always-ready stream of zeros that allocates nothing.
type endless struct{}

func (endless) PollNext(*future.Context) future.Poll[stream.Item[int]] {
	return future.Ready(stream.Some(0))
}

func TestPollNextAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	cx, _ := newCx()
	double := func(v int) int { return 2 * v }
	all := func(int) bool { return true }
	cases := map[string]stream.Stream[int]{
		"Map":    stream.Map[int](endless{}, double),
		"Filter": stream.Filter[int](endless{}, all),
		"Take":   stream.Take[int](endless{}, 1<<30),
		"Merge":  stream.Merge[int](endless{}, endless{}),
		"Slice":  stream.FromSlice(make([]int, 1<<20)),
	}
	for name, s := range cases {
		allocs := testing.AllocsPerRun(1000, func() { s.PollNext(cx) })
		require.Zero(t, allocs, name)
	}

	tx, rx := mpsc.New[int](1)
	s := stream.FromReceiver(rx)
	allocs := testing.AllocsPerRun(1000, func() {
		_ = tx.TrySend(1)
		s.PollNext(cx)
	})
	require.Zero(t, allocs, "FromReceiver")
	future.Drop(s)
}
