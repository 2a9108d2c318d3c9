package executor

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
)

// both runs body once with a Local and once with a Multi, in parallel.
func both(t *testing.T, body func(t *testing.T, mk func(...Option) Executor)) {
	t.Run("Local", func(t *testing.T) {
		t.Parallel()
		body(t, func(o ...Option) Executor { return NewLocal(o...) })
	})
	t.Run("Multi", func(t *testing.T) {
		t.Parallel()
		body(t, func(o ...Option) Executor { return NewMulti(append([]Option{Workers(2)}, o...)...) })
	})
}

func closeEx(ex Executor) {
	switch e := ex.(type) {
	case *Local:
		_ = e.Close()
	case *Multi:
		_ = e.Close()
	}
}

// With the real clock, a task that waits on a plain goroutine longer than
// the old one-second grace is not a deadlock: Run waits.
func TestRealClockWaitsOnOutsideWorld(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		ch := make(chan int)
		go func() {
			time.Sleep(1100 * time.Millisecond)
			ch <- 7
		}()
		v, err := Run(ex, future.FromChan(ch))
		require.NoError(t, err)
		require.Equal(t, 7, v.Value)
	})
}

// A task that never took its waker can never be woken: reported at once,
// real clock or not.
func TestRealClockNeverTakenWaker(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		start := time.Now()
		_, err := Run(ex, future.Never[int]())
		require.ErrorIs(t, err, ErrDeadlock)
		require.Less(t, time.Since(start), 500*time.Millisecond)
	})
}

// The breakfast's spoon-and-pan cycle is found with the real clock: each
// cook holds one utensil and waits for the other.
func TestRealClockLockCycle(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		spoon := mutex.New(0, mutex.Name("spoon"))
		pan := mutex.New(0, mutex.Name("pan"))
		var held sync.WaitGroup
		held.Add(2)
		gates := []*signal{newSignal("both hold one"), newSignal("both hold one")}
		cook := func(gate *signal, first, second *mutex.Mutex[int]) future.Future[int] {
			return future.Async(func(co *future.Co) int {
				g1 := future.Await(co, first.Lock())
				held.Done()
				future.Await(co, gate.wait())
				g2 := future.Await(co, second.Lock())
				g2.Unlock()
				g1.Unlock()
				return 1
			})
		}
		eggs := Spawn(ex, cook(gates[0], spoon, pan), Name("cook eggs"))
		bacon := Spawn(ex, cook(gates[1], pan, spoon), Name("fry bacon"))
		go func() {
			held.Wait()
			gates[0].fire()
			gates[1].fire()
		}()
		start := time.Now()
		_, err := Run(ex, future.Join2[future.Result[int], future.Result[int]](eggs, bacon))
		require.ErrorIs(t, err, ErrDeadlock)
		require.Less(t, time.Since(start), 900*time.Millisecond, "found without a grace period")
		require.Contains(t, err.Error(), `task "cook eggs" waits on mutex.Lock of "pan" held by task "fry bacon"`)
		require.Contains(t, err.Error(), `task "fry bacon" waits on mutex.Lock of "spoon" held by task "cook eggs"`)
	})
}

// A lock held by a task that waits on the outside world is no cycle.
func TestRealClockLockHeldByOutsideWaiter(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		ex := mk()
		defer closeEx(ex)
		m := mutex.New(0)
		ch := make(chan int)
		holder := Spawn(ex, future.Async(func(co *future.Co) int {
			g := future.Await(co, m.Lock())
			v := future.Await(co, future.FromChan(ch))
			g.Unlock()
			return v.Value
		}))
		waiter := Spawn(ex, future.Async(func(co *future.Co) int {
			future.Await(co, future.YieldNow())
			g := future.Await(co, m.Lock())
			g.Unlock()
			return 2
		}))
		go func() {
			time.Sleep(100 * time.Millisecond)
			ch <- 1
		}()
		_, err := Run(ex, future.Join2[future.Result[int], future.Result[int]](holder, waiter))
		require.NoError(t, err)
	})
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A stall is logged once, with the dump, through the Logger; the Run still
// succeeds.
func TestStallLoggedOnce(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		var buf syncBuffer
		ex := mk(Logger(slog.New(slog.NewTextHandler(&buf, nil))), StallAfter(40*time.Millisecond))
		defer closeEx(ex)
		ch := make(chan int)
		go func() {
			time.Sleep(300 * time.Millisecond)
			ch <- 1
		}()
		h := Spawn(ex, future.FromChan(ch), Name("waiting for the baker"))
		_, err := Run(ex, h)
		require.NoError(t, err)
		out := buf.String()
		require.Equal(t, 1, strings.Count(out, "executor: stall"), out)
		require.Contains(t, out, "waiting for the baker")
	})
}

// Blocking reports go through the Logger with the task's name and id.
func TestLoggerBlockingReport(t *testing.T) {
	var buf syncBuffer
	ex := NewLocal(Logger(slog.New(slog.NewTextHandler(&buf, nil))), BlockingThreshold(20*time.Millisecond))
	defer ex.Close()
	h := Spawn(ex, future.Lazy(func() int { time.Sleep(80 * time.Millisecond); return 1 }), Name("slow"))
	_, err := Run(ex, h)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(buf.String(), "task=slow") }, time.Second, 5*time.Millisecond)
	require.Contains(t, buf.String(), "task_id=")
}

// BlockOn recycles its Local: a ready future costs no new executor, and a
// deadlock or a panic still surfaces.
func TestBlockOnRecycles(t *testing.T) {
	for i := range 100 {
		require.Equal(t, i, BlockOn(future.Value(i)))
	}
	require.Panics(t, func() { BlockOn(future.Never[int]()) })
	require.PanicsWithValue(t, "boom", func() { BlockOn(future.Lazy(func() int { panic("boom") })) })
	require.Equal(t, 3, BlockOn(future.Value(3)))
}
