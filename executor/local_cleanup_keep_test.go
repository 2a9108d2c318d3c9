package executor

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/ratelog"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

// outsideWaited is a future that hands its waker to a plain goroutine
// (through wakers) and is ready once released is set.
func outsideWaited(wakers chan<- waker.Waker, released *atomic.Bool) future.Future[int] {
	sent := false
	return future.PollFn(func(cx *future.Context) future.Poll[int] {
		if released.Load() {
			return future.Ready(7)
		}
		if !sent {
			sent = true
			wakers <- cx.Waker()
		}
		return future.Pending[int]()
	})
}

// TestOutsideWakerReachesParkedRun: a Local referred to only by a Run in
// progress (parked, waiting for a waker held by a plain goroutine) stays
// alive through collections, and the wake gets through.
func TestOutsideWakerReachesParkedRun(t *testing.T) {
	freshAbandonedLog(t)
	log := &captureLog{}
	wakers := make(chan waker.Waker, 1)
	var released atomic.Bool
	go func() {
		w := <-wakers
		for i := 0; i < 4; i++ {
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
		released.Store(true)
		w.Wake()
	}()
	v, err := func() (int, error) {
		l := NewLocal(Logger(slog.New(log)))
		h := Spawn(l, outsideWaited(wakers, &released))
		r, err := Run(l, future.Future[future.Result[int]](h))
		if err != nil {
			return 0, err
		}
		return r.Get()
	}()
	require.NoError(t, err)
	require.Equal(t, 7, v)
	runtime.GC()
	_, logged := log.abandoned()
	require.False(t, logged, "nothing was left to release")
}

// TestOutsideWakerOfReachableLocal: while the Local is reachable, a waker
// a goroutine kept through several collections still schedules its task.
func TestOutsideWakerOfReachableLocal(t *testing.T) {
	l := NewLocal()
	defer l.Close()
	wakers := make(chan waker.Waker, 1)
	var released atomic.Bool
	h := Spawn(l, outsideWaited(wakers, &released))
	require.Equal(t, 1, l.RunUntilStalled())
	w := <-wakers
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 4; i++ {
			runtime.GC()
		}
		released.Store(true)
		w.Wake()
	}()
	<-done
	require.Equal(t, 1, l.RunUntilStalled())
	require.True(t, h.IsFinished())
	require.Equal(t, 7, h.result().Value)
}

// TestWakerOfCollectedLocal: a waker that outlives its Local is a no-op,
// never a crash; the handle, still held, yields ErrClosed (the cleanup
// dropped the task as Close would have); Abort is a no-op too.
func TestWakerOfCollectedLocal(t *testing.T) {
	freshAbandonedLog(t)
	log := &captureLog{}
	wakers := make(chan waker.Waker, 1)
	var released atomic.Bool
	var h *JoinHandle[int]
	func() {
		l := NewLocal(Logger(slog.New(log)))
		h = Spawn(l, outsideWaited(wakers, &released))
		l.RunUntilStalled()
	}()
	w := <-wakers
	for i := 0; i < 500 && !h.IsFinished(); i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	require.True(t, h.IsFinished(), "the collected Local's task was dropped")
	require.ErrorIs(t, h.result().Err, ErrClosed)
	released.Store(true)
	w.Wake()
	w.Wake()
	h.Abort()
	require.ErrorIs(t, h.result().Err, ErrClosed)
	for i := 0; i < 100; i++ {
		if _, ok := log.abandoned(); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	dropped, ok := log.abandoned()
	require.True(t, ok)
	require.EqualValues(t, 1, dropped)
}

// TestHandleOfCollectedLocalAwaitedElsewhere: a task of a forgotten Local
// awaited from another executor: the forgotten one is collected, its task
// dropped, and the awaiter gets ErrClosed instead of waiting for ever.
func TestHandleOfCollectedLocalAwaitedElsewhere(t *testing.T) {
	freshAbandonedLog(t)
	log := &captureLog{}
	var h *JoinHandle[int]
	func() {
		l := NewLocal(Logger(slog.New(log)))
		h = Spawn(l, future.Async(func(co *future.Co) int {
			future.Await(co, timer.Sleep(time.Hour))
			return 1
		}))
		l.RunUntilStalled()
	}()
	stop := make(chan struct{})
	gcDone := make(chan struct{})
	go func() { // someone else allocates and collects meanwhile
		defer close(gcDone)
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				runtime.GC()
			}
		}
	}()
	other := NewLocal()
	defer other.Close()
	r, err := Run(other, timer.Timeout(30*time.Second, future.Future[future.Result[int]](h)))
	close(stop)
	<-gcDone
	require.NoError(t, err)
	require.NoError(t, r.Err, "the handle completed before the timeout")
	require.True(t, errors.Is(r.Value.Err, ErrClosed), "got %v", r.Value.Err)
}

// TestPooledBlockOnLocalsDoNotWarn: BlockOn's pool lets the GC take idle
// Locals; they held nothing, so nothing is logged.
func TestPooledBlockOnLocalsDoNotWarn(t *testing.T) {
	freshAbandonedLog(t)
	log := &captureLog{}
	old := slog.Default()
	slog.SetDefault(slog.New(log))
	defer slog.SetDefault(old)
	for i := 0; i < 10; i++ {
		require.Equal(t, i, BlockOn(future.Value(i)))
	}
	for i := 0; i < 4; i++ { // a sync.Pool drops its items over two collections
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	_, logged := log.abandoned()
	require.False(t, logged)
}

// TestCollectedLocalFinishesItsTrace: the trace a forgotten Local owned
// (the Trace option) is finished by its cleanup, as Close would: the file
// is a complete JSON document.
func TestCollectedLocalFinishesItsTrace(t *testing.T) {
	freshAbandonedLog(t)
	log := &captureLog{}
	var w syncBuffer // deadlock_real_test.go
	func() {
		l := NewLocal(Trace(&w), Logger(slog.New(log)))
		Spawn(l, timer.Sleep(time.Hour))
		_, err := Run(l, future.YieldNow())
		require.NoError(t, err)
	}()
	for i := 0; i < 500 && !json.Valid([]byte(w.String())); i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	require.True(t, json.Valid([]byte(w.String())), "trace finished: %s", w.String())
	require.Contains(t, w.String(), `"main"`)
}

// captureLog is a slog.Handler that keeps the records it is given.
type captureLog struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (c *captureLog) Enabled(context.Context, slog.Level) bool { return true }
func (c *captureLog) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *captureLog) WithGroup(string) slog.Handler            { return c }
func (c *captureLog) Handle(_ context.Context, r slog.Record) error {
	c.mu.Lock()
	c.recs = append(c.recs, r.Clone())
	c.mu.Unlock()
	return nil
}

// abandoned finds the warning of an abandoned Local and its tasks_dropped.
func (c *captureLog) abandoned() (dropped int64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.recs {
		if r.Level != slog.LevelWarn {
			continue
		}
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "tasks_dropped" {
				dropped, ok = a.Value.Int64(), true
			}
			return true
		})
	}
	return dropped, ok
}

// freshAbandonedLog gives the test a rate limiter of its own, so that the
// warning of one test is not suppressed by the one before.
func freshAbandonedLog(t *testing.T) {
	old := abandonedLog.Swap(ratelog.New(time.Second))
	t.Cleanup(func() { abandonedLog.Store(old) })
}

// dropPanics is pending for ever and panics when dropped.
type dropPanics struct{}

func (*dropPanics) Poll(cx *future.Context) future.Poll[int] {
	_ = cx.Waker()
	return future.Pending[int]()
}

func (*dropPanics) Drop() { panic("boom in Drop") }

// TestCollectedLocalReportsDropPanics: a Drop that panics during the
// cleanup is caught and named in the warning; the other tasks are still
// dropped.
func TestCollectedLocalReportsDropPanics(t *testing.T) {
	freshAbandonedLog(t)
	log := &captureLog{}
	var h *JoinHandle[int]
	func() {
		l := NewLocal(Logger(slog.New(log)))
		Spawn(l, future.Future[int](&dropPanics{}))
		h = Spawn(l, future.Map(future.Future[future.Unit](timer.Sleep(time.Hour)), func(future.Unit) int { return 1 }))
		l.RunUntilStalled()
	}()
	for i := 0; i < 500; i++ {
		if _, ok := log.abandoned(); ok {
			break
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	dropped, ok := log.abandoned()
	require.True(t, ok)
	require.EqualValues(t, 2, dropped)
	require.True(t, h.IsFinished())
	require.ErrorIs(t, h.result().Err, ErrClosed)
	log.mu.Lock()
	defer log.mu.Unlock()
	var first string
	log.recs[len(log.recs)-1].Attrs(func(a slog.Attr) bool {
		if a.Key == "first_drop_panic" {
			first = a.Value.String()
		}
		return true
	})
	require.Contains(t, first, "boom in Drop")
}
