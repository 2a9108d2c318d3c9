package stream_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/waker"
)

// gate is a test future pending until opened; Open wakes the waker of its
// last poll. It counts polls and drops.
type gate struct {
	i     int
	open  bool
	w     waker.Waker
	polls int
	drops int
	boom  bool // panic on the next poll
}

func (g *gate) Poll(cx *future.Context) future.Poll[int] {
	if g.drops > 0 {
		panic(fmt.Sprintf("gate %d polled after Drop", g.i))
	}
	g.polls++
	if g.boom {
		panic(fmt.Sprintf("gate %d exploded", g.i))
	}
	if g.open {
		return future.Ready(g.i)
	}
	g.w = cx.Waker()
	return future.Pending[int]()
}

func (g *gate) Open() { g.open = true; g.w.Wake() }
func (g *gate) Drop() { g.drops++ }

func polls(gs []*gate) int {
	n := 0
	for _, g := range gs {
		n += g.polls
	}
	return n
}

func TestUnorderedYieldsAsTheyFinish(t *testing.T) {
	u := stream.NewUnordered[int]()
	cx, w := newCx()
	require.True(t, next(t, cx, u, 1).IsEnd(), "an empty set ends")
	gs := make([]*gate, 5)
	for i := range gs {
		gs[i] = &gate{i: i}
		u.Push(gs[i])
	}
	require.Equal(t, 5, u.Len())
	require.False(t, u.PollNext(cx).IsReady())
	require.Equal(t, 5, polls(gs))
	gs[3].Open()
	gs[1].Open()
	require.EqualValues(t, 1, w.n.Load(), "one wake of the task per poll")
	for _, want := range []int{3, 1} {
		v, ok := next(t, cx, u, 1).Get()
		require.True(t, ok)
		require.Equal(t, want, v, "wake order")
	}
	require.Equal(t, 3, u.Len())
	require.Equal(t, 7, polls(gs))
	for _, g := range gs {
		if !g.open {
			g.Open()
		}
	}
	got := drain(t, stream.Stream[int](u), 10)
	require.ElementsMatch(t, []int{0, 2, 4}, got)
	require.Zero(t, u.Len())
	u.Push(future.Value(9))
	v, _ := next(t, cx, u, 1).Get()
	require.Equal(t, 9, v, "a push after End yields again")
}

func TestUnorderedOnePollTouchesOneChild(t *testing.T) {
	const n = 10_000
	u := stream.NewUnordered[int]()
	gs := make([]*gate, n)
	for i := range gs {
		gs[i] = &gate{i: i}
		u.Push(gs[i])
	}
	cx, _ := newCx()
	require.False(t, u.PollNext(cx).IsReady())
	require.Equal(t, n, polls(gs))
	gs[4321].Open()
	v, ok := next(t, cx, u, 1).Get()
	require.True(t, ok)
	require.Equal(t, 4321, v)
	require.Equal(t, n+1, polls(gs), "one wake, one child polled")
	require.False(t, u.PollNext(cx).IsReady())
	require.Equal(t, n+1, polls(gs), "no wake, no child polled")
	u.Drop()
	for i, g := range gs {
		require.Equal(t, map[bool]int{true: 0, false: 1}[i == 4321], g.drops)
	}
}

func TestUnorderedPanickingChildIsRemoved(t *testing.T) {
	u := stream.NewUnordered[int]()
	a, b := &gate{i: 0, boom: true}, &gate{i: 1, open: true}
	u.Push(a)
	u.Push(b)
	cx, _ := newCx()
	require.PanicsWithValue(t, "gate 0 exploded", func() { u.PollNext(cx) })
	require.Equal(t, 1, u.Len())
	v, ok := next(t, cx, u, 2).Get()
	require.True(t, ok)
	require.Equal(t, 1, v)
	require.Equal(t, 1, a.polls, "never polled again")
	require.True(t, next(t, cx, u, 1).IsEnd())
}

func TestBufferUnorderedPanickingFutureIsRemoved(t *testing.T) {
	a, b := &gate{i: 0, boom: true}, &gate{i: 1, open: true}
	s := stream.BufferUnordered(stream.FromSlice([]future.Future[int]{a, b}), 2)
	cx, _ := newCx()
	require.PanicsWithValue(t, "gate 0 exploded", func() { s.PollNext(cx) })
	v, ok := next(t, cx, s, 2).Get()
	require.True(t, ok)
	require.Equal(t, 1, v)
	require.True(t, next(t, cx, s, 2).IsEnd())
	require.Equal(t, 1, a.polls, "the panicking future is not polled again")
}

func TestUnorderedBadInput(t *testing.T) {
	u := stream.NewUnordered[int]()
	require.PanicsWithValue(t, "stream.Unordered.Push: nil future", func() { u.Push(nil) })
	u.Drop()
	require.PanicsWithValue(t, "stream.Unordered.Push: after Drop", func() { u.Push(future.Value(1)) })
	cx, _ := newCx()
	require.PanicsWithValue(t, "*stream.Unordered[int] polled after Drop", func() { u.PollNext(cx) })
	u.Drop()
	o := stream.NewOrdered[int]()
	require.PanicsWithValue(t, "stream.Ordered.PushBack: nil future", func() { o.PushBack(nil) })
	o.Drop()
	require.PanicsWithValue(t, "stream.Ordered.PushFront: after Drop", func() { o.PushFront(future.Value(1)) })
}

func TestOrderedKeepsQueueOrder(t *testing.T) {
	o := stream.NewOrdered[int]()
	gs := make([]*gate, 4)
	for i := range gs {
		gs[i] = &gate{i: i}
		o.PushBack(gs[i])
	}
	cx, _ := newCx()
	require.False(t, o.PollNext(cx).IsReady())
	gs[2].Open()
	gs[1].Open()
	require.False(t, o.PollNext(cx).IsReady(), "0 is not ready: nothing is due")
	require.Equal(t, 4, o.Len())
	front := &gate{i: 10, open: true}
	o.PushFront(front)
	gs[0].Open()
	var got []int
	for range 4 {
		v, ok := next(t, cx, o, 3).Get()
		require.True(t, ok)
		got = append(got, v)
	}
	require.Equal(t, []int{10, 0, 1, 2}, got)
	require.Equal(t, 1, o.Len())
	gs[3].Open()
	got = drain(t, stream.Stream[int](o), 3)
	require.Equal(t, []int{3}, got)
}

func TestOrderedPanickingChildIsSkipped(t *testing.T) {
	o := stream.NewOrdered[int]()
	a, b, c := &gate{i: 0}, &gate{i: 1, boom: true}, &gate{i: 2, open: true}
	o.PushBack(a)
	o.PushBack(b)
	o.PushBack(c)
	cx, _ := newCx()
	require.PanicsWithValue(t, "gate 1 exploded", func() { o.PollNext(cx) })
	require.Equal(t, 2, o.Len())
	require.False(t, o.PollNext(cx).IsReady())
	a.Open()
	got := drain(t, stream.Stream[int](o), 3)
	require.Equal(t, []int{0, 2}, got, "the panicked place is skipped, the order kept")
	require.Equal(t, 1, b.polls)
}

func TestUnorderedAllocsPerPoll(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	u := stream.NewUnordered[int]()
	gs := make([]*gate, 100)
	for i := range gs {
		gs[i] = &gate{i: i}
		u.Push(gs[i])
	}
	cx, _ := newCx()
	u.PollNext(cx)
	allocs := testing.AllocsPerRun(1000, func() {
		gs[5].w.Wake()
		u.PollNext(cx)
	})
	require.Zero(t, allocs, "wake and poll")
	vals := make([]future.Future[int], 1001)
	for i := range vals {
		vals[i] = future.Value(i)
	}
	allocs = testing.AllocsPerRun(1000, func() {
		u.Push(vals[0])
		vals = vals[1:]
		u.PollNext(cx)
	})
	require.Zero(t, allocs, "push and yield, slots reused")
}
