package stream_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/sync/broadcast"
	"github.com/kettle-rt/kettle/sync/watch"
)

func TestFromBroadcast(t *testing.T) {
	tx, rx := broadcast.New[int](2)
	s := stream.FromBroadcast(rx)
	cx, w := newCx()
	require.True(t, s.PollNext(cx).IsPending())
	_, err := tx.Send(1)
	require.NoError(t, err)
	require.Equal(t, int64(1), w.n.Load(), "a send wakes the waiting stream")
	require.Equal(t, stream.Some(future.Ok(1)), next(t, cx, s, 1))

	for v := 2; v <= 5; v++ { // capacity 2: 2 and 3 are overwritten
		_, err := tx.Send(v)
		require.NoError(t, err)
	}
	res, _ := next(t, cx, s, 1).Get()
	var lag *broadcast.LaggedError
	require.ErrorAs(t, res.Err, &lag)
	require.Equal(t, uint64(2), lag.Missed)
	require.Equal(t, stream.Some(future.Ok(4)), next(t, cx, s, 1))
	require.Equal(t, stream.Some(future.Ok(5)), next(t, cx, s, 1))
	tx.Close()
	require.True(t, next(t, cx, s, 1).IsEnd())
	requireEnded(t, s)
}

func TestFromBroadcastDropUnsubscribes(t *testing.T) {
	tx, rx := broadcast.New[string](1)
	s := stream.FromBroadcast(rx)
	cx, _ := newCx()
	require.True(t, s.PollNext(cx).IsPending())
	future.Drop(s)
	future.Drop(s)
	_, err := tx.Send("nobody listens")
	require.ErrorIs(t, err, broadcast.ErrClosed)
	require.Panics(t, func() { s.PollNext(cx) })
}

func TestFromWatch(t *testing.T) {
	tx, rx := watch.New("cold")
	s := stream.FromWatch(rx)
	cx, w := newCx()
	require.Equal(t, stream.Some("cold"), next(t, cx, s, 1), "the current value first")
	require.True(t, s.PollNext(cx).IsPending())
	require.NoError(t, tx.Send("warm"))
	require.Equal(t, int64(1), w.n.Load())
	require.NoError(t, tx.Send("hot"))
	require.Equal(t, stream.Some("hot"), next(t, cx, s, 1), "only the latest value")
	require.True(t, s.PollNext(cx).IsPending())
	tx.Close()
	require.True(t, next(t, cx, s, 1).IsEnd())
	requireEnded(t, s)
}

func TestFromWatchChanges(t *testing.T) {
	tx, rx := watch.New(0)
	s := stream.FromWatchChanges(rx)
	cx, _ := newCx()
	require.True(t, s.PollNext(cx).IsPending(), "no change yet")
	require.NoError(t, tx.Send(1))
	require.Equal(t, stream.Some(1), next(t, cx, s, 1))
	future.Drop(s)
	require.ErrorIs(t, tx.Send(2), watch.ErrClosed, "Drop closed the only receiver")
	tx.Close()
}

func TestSourcesRejectNil(t *testing.T) {
	require.PanicsWithValue(t, "stream.FromBroadcast: nil receiver", func() { stream.FromBroadcast[int](nil) })
	require.PanicsWithValue(t, "stream.FromWatch: nil receiver", func() { stream.FromWatch[int](nil) })
	require.PanicsWithValue(t, "stream.FromWatchChanges: nil receiver", func() { stream.FromWatchChanges[int](nil) })
}
