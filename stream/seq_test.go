package stream_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

func TestSeqDrainsFromAGoroutine(t *testing.T) {
	tx, rx := mpsc.New[int](2)
	got := make(chan []int)
	go func() {
		var out []int
		for v := range stream.Seq(stream.FromReceiver(rx)) {
			out = append(out, v)
		}
		got <- out
	}()
	// A bounded channel of 2: the sender waits on TrySend's ErrFull only
	// while the ranging goroutine is blocked between polls, so every
	// value passes through Seq's wake-and-poll loop.
	want := make([]int, 50)
	for i := range want {
		want[i] = i
		for tx.TrySend(i) != nil {
			<-yieldTurn()
		}
	}
	tx.Close()
	require.Equal(t, want, <-got)
}

// yieldTurn gives another goroutine a chance to run, without sleeping.
func yieldTurn() <-chan struct{} {
	c := make(chan struct{})
	go func() { close(c) }()
	return c
}

func TestSeqBreakDropsTheStream(t *testing.T) {
	source := newSrc("src", 1, 2, 3, 4)
	source.gap = 1
	var out []int
	for v := range stream.Seq[int](source) {
		out = append(out, v)
		if v == 2 {
			break
		}
	}
	require.Equal(t, []int{1, 2}, out)
	require.Equal(t, 1, source.drops)

	for range stream.Seq[int](newSrc("empty", 0)) {
		break
	}
}

func TestSeqEndsWithoutDrop(t *testing.T) {
	source := newSrc("src", "x", "y")
	seq := stream.Seq[string](source)
	var out []string
	for v := range seq {
		out = append(out, v)
	}
	require.Equal(t, []string{"x", "y"}, out)
	require.Zero(t, source.drops)
	for range seq {
		require.Fail(t, "a Seq is single-use")
	}
}

func TestSeqPanicInBodyDropsTheStream(t *testing.T) {
	source := newSrc("src", 1, 2)
	require.PanicsWithValue(t, "body", func() {
		for range stream.Seq[int](source) {
			panic("body")
		}
	})
	require.Equal(t, 1, source.drops)
}

func TestFromReceiver(t *testing.T) {
	tx, rx := mpsc.NewUnbounded[int]()
	s := stream.FromReceiver(rx)
	cx, w := newCx()
	require.True(t, s.PollNext(cx).IsPending())
	require.NoError(t, tx.TrySend(1))
	require.Equal(t, int64(1), w.n.Load(), "a send wakes the waiting stream")
	require.NoError(t, tx.TrySend(2))
	require.Equal(t, stream.Some(1), next(t, cx, s, 1))
	require.Equal(t, stream.Some(2), next(t, cx, s, 1))
	tx.Close()
	require.True(t, next(t, cx, s, 1).IsEnd())
	requireEnded(t, s)
}

func TestFromReceiverDropClosesTheChannel(t *testing.T) {
	tx, rx := mpsc.New[int](4)
	s := stream.FromReceiver(rx)
	cx, _ := newCx()
	require.True(t, s.PollNext(cx).IsPending(), "a Recv is now in flight")
	s2 := stream.Take(s, 1)
	require.NoError(t, tx.TrySend(7))
	require.Equal(t, stream.Some(7), next(t, cx, s2, 1))
	require.ErrorIs(t, tx.TrySend(8), mpsc.ErrClosed, "Take dropped the stream, which closed the receiver")
	send := tx.Send(9)
	res, _ := send.Poll(cx).Get()
	assert.ErrorIs(t, res, mpsc.ErrClosed)
	v, ok := send.Unsent()
	require.True(t, ok)
	require.Equal(t, 9, v)
}

func TestFromReceiverDropWithRecvInFlight(t *testing.T) {
	tx, rx := mpsc.New[int](1)
	s := stream.FromReceiver(rx)
	cx, _ := newCx()
	require.True(t, s.PollNext(cx).IsPending())
	future.Drop(s)
	future.Drop(s)
	require.ErrorIs(t, tx.TrySend(1), mpsc.ErrClosed)
	require.Panics(t, func() { s.PollNext(cx) })
}
