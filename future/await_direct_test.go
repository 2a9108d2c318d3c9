package future_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// gate is pending until opened; it counts its polls and its drops.
type gate struct {
	open         bool
	polls, drops int
	panicWith    any
	poll         func() // called at each poll, if set
}

func (g *gate) Poll(*future.Context) future.Poll[int] {
	g.polls++
	if g.poll != nil {
		g.poll()
	}
	if g.panicWith != nil {
		panic(g.panicWith)
	}
	if g.open {
		return future.Ready(g.polls)
	}
	return future.Pending[int]()
}

func (g *gate) Drop() { g.drops++ }

// A pending block re-polled while its awaited future is still pending
// polls that future directly and never switches into its coroutine; it
// switches once more when the future is ready.
func TestAsyncRepollDoesNotSwitch(t *testing.T) {
	g := &gate{}
	blk := future.Async(func(co *future.Co) int { return future.Await[int](co, g) * 10 })
	cx := future.NewContext(waker.Noop())
	require.False(t, blk.Poll(cx).IsReady())
	require.Equal(t, 1, future.CoroutineSwitches(blk), "the first poll starts the body")
	for range 100 {
		require.False(t, blk.Poll(cx).IsReady())
	}
	require.Equal(t, 101, g.polls, "every poll of the block polls the awaited future once")
	require.Equal(t, 1, future.CoroutineSwitches(blk), "no switch while the awaited future is pending")
	g.open = true
	v, ok := blk.Poll(cx).Get()
	require.True(t, ok)
	require.Equal(t, 1020, v)
	require.Equal(t, 2, future.CoroutineSwitches(blk))
	require.Equal(t, 102, g.polls, "the ready poll is not repeated inside the body")
}

// Several awaits of different result types reuse their output slots and
// deliver each value to the right Await.
func TestAsyncAwaitManyTypes(t *testing.T) {
	a, b := &gate{}, &gate{}
	s := &strGate{}
	blk := future.Async(func(co *future.Co) string {
		x := future.Await[int](co, a)
		y := future.Await[string](co, s)
		z := future.Await[int](co, b)
		return y + string(rune('0'+x)) + string(rune('0'+z))
	})
	cx := future.NewContext(waker.Noop())
	require.False(t, blk.Poll(cx).IsReady())
	a.open = true
	require.False(t, blk.Poll(cx).IsReady()) // a ready (2 polls); now on s
	s.open = true
	require.False(t, blk.Poll(cx).IsReady()) // s ready; now on b
	require.False(t, blk.Poll(cx).IsReady())
	b.open = true
	v, ok := blk.Poll(cx).Get()
	require.True(t, ok)
	require.Equal(t, "s23", v)
}

type strGate struct{ open bool }

func (g *strGate) Poll(*future.Context) future.Poll[string] {
	if g.open {
		return future.Ready("s")
	}
	return future.Pending[string]()
}

// A panic of the awaited future during a direct re-poll comes out of the
// block's Poll after the body's defers ran, and the block is finished.
func TestAsyncRepollPanicRunsDefers(t *testing.T) {
	boom := errors.New("boom")
	g := &gate{}
	deferred := 0
	blk := future.Async(func(co *future.Co) int {
		defer func() { deferred++ }()
		return future.Await[int](co, g)
	})
	cx := future.NewContext(waker.Noop())
	require.False(t, blk.Poll(cx).IsReady())
	g.panicWith = boom
	require.PanicsWithError(t, "boom", func() { blk.Poll(cx) })
	require.Equal(t, 1, deferred)
	require.Equal(t, 0, g.drops, "a future that panicked is not dropped, as before")
	require.Panics(t, func() { blk.Poll(cx) }, "finished")
	future.Drop(blk) // no-op
	require.Equal(t, 1, deferred)
}

// Drop of a block suspended on a future drops that future once, and the
// body's defers run.
func TestAsyncDropWhileAwaitingDirect(t *testing.T) {
	g := &gate{}
	deferred := 0
	blk := future.Async(func(co *future.Co) int {
		defer func() { deferred++ }()
		return future.Await[int](co, g)
	})
	cx := future.NewContext(waker.Noop())
	require.False(t, blk.Poll(cx).IsReady())
	require.False(t, blk.Poll(cx).IsReady())
	future.Drop(blk)
	require.Equal(t, 1, g.drops)
	require.Equal(t, 1, deferred)
	future.Drop(blk)
	require.Equal(t, 1, g.drops)
}

// Polling the block from inside its awaited future's direct poll is
// misuse and panics, as it did inside the coroutine.
func TestAsyncReentrantPollFromAwaited(t *testing.T) {
	g := &gate{}
	blk := future.Async(func(co *future.Co) int { return future.Await[int](co, g) })
	cx := future.NewContext(waker.Noop())
	require.False(t, blk.Poll(cx).IsReady())
	g.poll = func() { blk.Poll(cx) }
	require.PanicsWithValue(t, "future.Async: block polled while it is running (re-entrant or concurrent poll)", func() { blk.Poll(cx) })
}
