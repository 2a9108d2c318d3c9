package future_test

import (
	"errors"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestAsyncAwait(t *testing.T) {
	started := false
	a := newProbe("a", 2, 20, nil)
	b := newProbe("b", 1, 22, nil)
	f := future.Async(func(co *future.Co) int {
		started = true
		return future.Await(co, a) + future.Await(co, b)
	})
	require.False(t, started, "Async is lazy")
	v, polls := drive(t, f, 10)
	require.True(t, started)
	require.Equal(t, 42, v)
	require.Equal(t, 4, polls) // a: 2 pending, b: 1 pending
	require.Equal(t, 3, a.polls)
	require.Equal(t, 2, b.polls)
	require.Zero(t, a.drops+b.drops)
	require.Regexp(t, `^\*future\.block\[int\] polled after completion$`,
		panicValue(func() { pollOnce(f) }))
	future.Drop(f) // finished: no-op
}

func TestAsyncReadyAwaitDoesNotSuspend(t *testing.T) {
	f := future.Async(func(co *future.Co) int {
		s := 0
		for i := range 100 {
			s += future.Await(co, future.Value(i))
		}
		return s
	})
	v, polls := drive(t, f, 1)
	require.Equal(t, 4950, v)
	require.Equal(t, 1, polls)
}

func TestAsyncUsesPollContext(t *testing.T) {
	var seen []string
	probeName := future.PollFn(func(cx *future.Context) future.Poll[int] {
		seen = append(seen, cx.TaskName())
		if len(seen) < 2 {
			cx.Waker().Wake()
			return future.Pending[int]()
		}
		return future.Ready(0)
	})
	f := future.Async(func(co *future.Co) int { return future.Await(co, probeName) })
	cx := future.NewContext(waker.Noop())
	taskcx.Of(cx).TaskName = "first"
	require.True(t, f.Poll(cx).IsPending())
	cx2 := future.NewContext(waker.Noop())
	taskcx.Of(cx2).TaskName = "second"
	require.True(t, f.Poll(cx2).IsReady())
	require.Equal(t, []string{"first", "second"}, seen)
}

func TestAsyncYieldLoop(t *testing.T) {
	f := future.Async(func(co *future.Co) int {
		for range 50 {
			future.Await(co, future.YieldNow())
		}
		return 1
	})
	_, polls := drive(t, f, 100)
	require.Equal(t, 51, polls)
}

func TestAsyncDropSuspended(t *testing.T) {
	defers := 0
	after := false
	awaited := newProbe("awaited", 1<<30, 0, nil)
	f := future.Async(func(co *future.Co) int {
		defer func() { defers++ }()
		future.Await(co, awaited)
		after = true
		return 1
	})
	require.True(t, pollOnce(f).IsPending())
	require.Zero(t, defers)
	future.Drop(f)
	require.Equal(t, 1, defers, "Drop runs the body's defers once")
	require.Equal(t, 1, awaited.drops, "Drop drops the awaited future")
	require.False(t, after)
	future.Drop(f)
	require.Equal(t, 1, defers)
	require.Regexp(t, `polled after Drop$`, panicValue(func() { pollOnce(f) }))
	goleak.VerifyNone(t)
}

func TestAsyncDropNeverPolledOrFinished(t *testing.T) {
	ran := false
	f := future.Async(func(*future.Co) int { ran = true; return 1 })
	future.Drop(f)
	future.Drop(f)
	require.False(t, ran)
	require.Panics(t, func() { pollOnce(f) })

	defers := 0
	g := future.Async(func(*future.Co) int { defer func() { defers++ }(); return 1 })
	drive(t, g, 1)
	future.Drop(g)
	require.Equal(t, 1, defers)
}

func TestAsyncPanicPropagates(t *testing.T) {
	boom := errors.New("boom")
	defers := 0
	f := future.Async(func(co *future.Co) int {
		defer func() { defers++ }()
		future.Await(co, future.YieldNow())
		panic(boom)
	})
	require.True(t, pollOnce(f).IsPending())
	require.Equal(t, boom, panicValue(func() { pollOnce(f) }))
	require.Equal(t, 1, defers)
	require.Regexp(t, `polled after completion$`, panicValue(func() { pollOnce(f) }))
	future.Drop(f) // finished by its panic: no-op
	require.Equal(t, 1, defers)

	// A panic at the first poll, before any suspension.
	g := future.Async(func(*future.Co) int { panic("early") })
	require.Equal(t, "early", panicValue(func() { pollOnce(g) }))
	goleak.VerifyNone(t)
}

func TestAsyncNested(t *testing.T) {
	var log []string
	inner := func(n int) future.Future[int] {
		return future.Async(func(co *future.Co) int {
			log = append(log, "inner start")
			v := future.Await(co, newProbe("leaf", 1, n, nil))
			log = append(log, "inner end")
			return v * 2
		})
	}
	outer := future.Async(func(co *future.Co) int {
		a := future.Await(co, inner(3))
		b := future.Await(co, future.Join2(inner(4), inner(5)))
		return a + b.V1 + b.V2
	})
	v, polls := drive(t, outer, 10)
	require.Equal(t, 24, v)
	require.Equal(t, 3, polls) // inner(3); then inner(4) and inner(5) side by side
	require.Len(t, log, 6)
}

func TestAsyncNestedDrop(t *testing.T) {
	var innerDefers, outerDefers int
	leaf := newProbe("leaf", 1<<30, 0, nil)
	outer := future.Async(func(co *future.Co) int {
		defer func() { outerDefers++ }()
		return future.Await(co, future.Async(func(co *future.Co) int {
			defer func() { innerDefers++ }()
			return future.Await(co, leaf)
		}))
	})
	require.True(t, pollOnce(outer).IsPending())
	future.Drop(outer)
	require.Equal(t, []int{1, 1, 1}, []int{innerDefers, outerDefers, leaf.drops})
	goleak.VerifyNone(t)
}

func TestAsyncResumeOnOtherGoroutines(t *testing.T) {
	var wakes atomic.Int64
	cx := future.NewContext(waker.Func(func() { wakes.Add(1) }))
	state := 0 // written by the body on both goroutines; -race checks the hand-off
	f := future.Async(func(co *future.Co) int {
		for range 5 {
			state++
			future.Await(co, future.YieldNow())
		}
		return state
	})
	results := make(chan future.Poll[int])
	for i := range 6 {
		go func() { results <- f.Poll(cx) }() // a new goroutine for every poll
		v, ok := (<-results).Get()
		require.Equal(t, i == 5, ok, "poll %d", i)
		if ok {
			require.Equal(t, 5, v)
		}
	}
	require.EqualValues(t, 5, wakes.Load())
	require.Panics(t, func() { f.Poll(cx) })
}

// TestAsyncDropOnOtherGoroutine drops a block suspended by a poll on another
// goroutine; the defers run on the dropping goroutine.
func TestAsyncDropOnOtherGoroutine(t *testing.T) {
	defers := 0
	f := future.Async(func(co *future.Co) int {
		defer func() { defers++ }()
		return future.Await(co, future.Never[int]())
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		assert.True(t, pollOnce(f).IsPending())
	}()
	<-done
	future.Drop(f)
	require.Equal(t, 1, defers)
	goleak.VerifyNone(t)
}

// TestAsyncUnreachableIsCleanedUp: a block suspended and then forgotten is
// stopped by its cleanup once unreachable: defers run, goroutine released.
func TestAsyncUnreachableIsCleanedUp(t *testing.T) {
	var defers, drops atomic.Int32
	func() {
		awaited := &dropCounter{drops: &drops}
		f := future.Async(func(co *future.Co) int {
			defer defers.Add(1)
			return future.Await[int](co, awaited)
		})
		require.True(t, pollOnce(f).IsPending())
	}()
	for i := 0; i < 100 && defers.Load() == 0; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	require.EqualValues(t, 1, defers.Load(), "cleanup ran the body's defers")
	require.EqualValues(t, 1, drops.Load(), "cleanup dropped the awaited future")
	goleak.VerifyNone(t)
}

// dropCounter is always pending and counts drops atomically (the cleanup
// drops it on another goroutine).
type dropCounter struct{ drops *atomic.Int32 }

func (d *dropCounter) Poll(*future.Context) future.Poll[int] { return future.Pending[int]() }
func (d *dropCounter) Drop()                                 { d.drops.Add(1) }

func TestAwaitMisuse(t *testing.T) {
	var saved *future.Co
	f := future.Async(func(co *future.Co) int { saved = co; return 0 })
	drive(t, f, 1)
	require.Equal(t, "future.Await: called after its async block finished",
		panicValue(func() { future.Await(saved, future.Value(1)) }))

	g := future.Async(func(co *future.Co) int {
		saved = co
		return future.Await(co, future.Never[int]())
	})
	pollOnce(g)
	require.Equal(t, "future.Await: called outside its running async block",
		panicValue(func() { future.Await(saved, future.Value(1)) }))
	future.Drop(g)
	require.Equal(t, "future.Await: called after its async block was dropped",
		panicValue(func() { future.Await(saved, future.Value(1)) }))

	h := future.Async(func(co *future.Co) int {
		return future.Await(co, future.Async(func(*future.Co) int {
			return future.Await(co, future.Value(1)) // the outer Co: wrong
		}))
	})
	require.Equal(t, "future.Await: called re-entrantly (a nested block must await with its own Co)",
		panicValue(func() { pollOnce(h) }))

	k := future.Async(func(co *future.Co) int { return future.Await[int](co, nil) })
	require.Equal(t, "future.Await: nil future", panicValue(func() { pollOnce(k) }))
	goleak.VerifyNone(t)
}

func TestAsyncReentrantPollAndDrop(t *testing.T) {
	var self future.Future[int]
	self = future.Async(func(*future.Co) int { pollOnce(self); return 0 })
	require.Equal(t, "future.Async: block polled while it is running (re-entrant or concurrent poll)",
		panicValue(func() { pollOnce(self) }))

	self = future.Async(func(*future.Co) int { future.Drop(self); return 0 })
	require.Equal(t, "future.Async: block dropped while it is running",
		panicValue(func() { pollOnce(self) }))
	goleak.VerifyNone(t)
}

func TestAsyncDeferPanicDuringDrop(t *testing.T) {
	f := future.Async(func(co *future.Co) int {
		defer func() { panic("defer failed") }()
		return future.Await(co, future.Never[int]())
	})
	pollOnce(f)
	require.Equal(t, "defer failed", panicValue(func() { future.Drop(f) }))
	future.Drop(f) // already dropped
	goleak.VerifyNone(t)

	g := future.Async(func(co *future.Co) int {
		defer func() { future.Await(co, future.Value(1)) }()
		return future.Await(co, future.Never[int]())
	})
	pollOnce(g)
	require.Equal(t, "future.Await: called after its async block was dropped",
		panicValue(func() { future.Drop(g) }))
	goleak.VerifyNone(t)
}

// TestAsyncBodySwallowsStop: a body that recovers everything and returns
// still ends the block cleanly on Drop.
func TestAsyncBodySwallowsStop(t *testing.T) {
	returned := false
	f := future.Async(func(co *future.Co) (v int) {
		defer func() {
			if recover() != nil {
				returned = true
				v = -1
			}
		}()
		return future.Await(co, future.Never[int]())
	})
	pollOnce(f)
	future.Drop(f)
	require.True(t, returned)
	require.Panics(t, func() { pollOnce(f) })
	goleak.VerifyNone(t)
}

// panicValue calls fn and returns what it panicked with (nil if it did not).
func panicValue(fn func()) (v any) {
	defer func() { v = recover() }()
	fn()
	return nil
}
