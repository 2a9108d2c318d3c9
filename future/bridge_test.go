package future_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
)

// signalCx returns a Context whose waker signals the returned channel (one
// pending signal at most), so a test can block until a wake from another
// goroutine without sleeping.
func signalCx() (*future.Context, <-chan struct{}) {
	ch := make(chan struct{}, 1)
	return future.NewContext(waker.Func(func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	})), ch
}

func TestFromContextAlreadyDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := future.FromContext(ctx)
	err, ok := pollOnce(f).Get()
	require.True(t, ok)
	require.ErrorIs(t, err, context.Canceled)
	require.Panics(t, func() { pollOnce(f) })
	future.Drop(f) // after Ready: a no-op
}

func TestFromContextWakesOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := future.FromContext(ctx)
	cx, woke := signalCx()
	require.True(t, f.Poll(cx).IsPending())
	require.True(t, f.Poll(cx).IsPending(), "a second poll re-registers")
	go cancel()
	<-woke
	err, ok := f.Poll(cx).Get()
	require.True(t, ok)
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, taskcx.Of(cx).WaitingOn)
}

func TestFromContextDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	f := future.FromContext(ctx)
	cx, woke := signalCx()
	for {
		if err, ok := f.Poll(cx).Get(); ok {
			require.ErrorIs(t, err, context.DeadlineExceeded)
			return
		}
		<-woke
	}
}

// foreignCtx is a context that the context package does not know, so
// context.AfterFunc watches it with a goroutine of its own: the test that
// Drop stops that goroutine.
type foreignCtx struct {
	context.Context
	done chan struct{}
}

func (c *foreignCtx) Done() <-chan struct{} { return c.done }

func (c *foreignCtx) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

func TestFromContextDropStopsTheWatch(t *testing.T) {
	ctx := &foreignCtx{Context: context.Background(), done: make(chan struct{})}
	var wakes wakeCounter
	cx := future.NewContext(waker.New(&wakes))
	f := future.FromContext(ctx)
	require.True(t, f.Poll(cx).IsPending())
	future.Drop(f)
	future.Drop(f)
	goleak.VerifyNone(t) // the AfterFunc's watcher goroutine is gone
	close(ctx.done)
	require.Panics(t, func() { f.Poll(cx) })
	require.Zero(t, wakes.n.Load(), "a dropped FromContext wakes nothing")
}

func TestFromContextBackgroundNeverReady(t *testing.T) {
	f := future.FromContext(context.Background())
	require.True(t, pollOnce(f).IsPending())
	future.Drop(f)
}

func TestWithContextValueWins(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := newProbe("work", 2, 42, nil)
	res, polls := drive(t, future.WithContext[int](ctx, p), 10)
	require.Equal(t, future.Ok(42), res)
	require.Equal(t, 3, polls)
	require.Zero(t, p.drops)

	// Ready in the same poll that finds ctx done: the value is returned.
	cancel()
	p = newProbe("late", 0, 7, nil)
	res, _ = drive(t, future.WithContext[int](ctx, p), 1)
	require.Equal(t, future.Ok(7), res)
	require.Zero(t, p.drops)
}

func TestWithContextCancelDropsF(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProbe("slow", 1000, 0, nil)
	p.silent = true
	w := future.WithContext[int](ctx, p)
	cx, woke := signalCx()
	require.True(t, w.Poll(cx).IsPending())
	go cancel()
	<-woke
	res, ok := w.Poll(cx).Get()
	require.True(t, ok)
	require.ErrorIs(t, res.Err, context.Canceled)
	require.Equal(t, 1, p.drops, "the abandoned future is dropped once")
	future.Drop(w)
	require.Equal(t, 1, p.drops)
}

func TestWithContextDrop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := newProbe("work", 5, 1, nil)
	w := future.WithContext[int](ctx, p)
	require.True(t, pollOnce(w).IsPending())
	future.Drop(w)
	future.Drop(w)
	require.Equal(t, 1, p.drops)
	require.Panics(t, func() { pollOnce(w) })
}

func TestFromChanReadyValue(t *testing.T) {
	ch := make(chan int, 1)
	ch <- 5
	f := future.FromChan(ch)
	res, ok := pollOnce[future.Result[int]](f).Get()
	require.True(t, ok)
	require.Equal(t, future.Ok(5), res)
	require.PanicsWithValue(t, "*future.ChanFuture[int] polled after completion", func() { pollOnce[future.Result[int]](f) })
}

func TestFromChanClosed(t *testing.T) {
	ch := make(chan string)
	close(ch)
	res, ok := pollOnce[future.Result[string]](future.FromChan(ch)).Get()
	require.True(t, ok)
	require.ErrorIs(t, res.Err, future.ErrChanClosed)
	require.Equal(t, "future: channel closed", future.ErrChanClosed.Error())
}

func TestFromChanWaits(t *testing.T) {
	for _, closeIt := range []bool{false, true} {
		ch := make(chan int)
		f := future.FromChan(ch)
		cx, woke := signalCx()
		require.True(t, f.Poll(cx).IsPending())
		require.True(t, f.Poll(cx).IsPending(), "polling again is fine")
		go func() {
			if closeIt {
				close(ch)
			} else {
				ch <- 9
			}
		}()
		<-woke
		res, ok := f.Poll(cx).Get()
		require.True(t, ok)
		if closeIt {
			require.True(t, errors.Is(res.Err, future.ErrChanClosed))
		} else {
			require.Equal(t, future.Ok(9), res)
		}
	}
}

func TestFromChanDropBeforeValueTakesNothing(t *testing.T) {
	ch := make(chan int, 1)
	f := future.FromChan(ch)
	require.True(t, pollOnce[future.Result[int]](f).IsPending())
	f.Drop()
	f.Drop()
	goleak.VerifyNone(t) // the bridge goroutine has exited
	ch <- 3
	require.Equal(t, 3, <-ch, "nothing receives from ch after Drop")
	_, ok := f.Unreceived()
	require.False(t, ok)
}

func TestFromChanDropAfterReceiveHandsValueBack(t *testing.T) {
	ch := make(chan int)
	f := future.FromChan(ch)
	cx, woke := signalCx()
	require.True(t, f.Poll(cx).IsPending())
	ch <- 11 // the bridge goroutine takes it
	<-woke
	f.Drop()
	v, ok := f.Unreceived()
	require.True(t, ok, "a value taken before Drop is handed back")
	require.Equal(t, 11, v)
}

func TestFromChanSpendsBudget(t *testing.T) {
	ch := make(chan int, 1)
	ch <- 1
	var wakes wakeCounter
	cx := future.NewContext(waker.New(&wakes))
	taskcx.Of(cx).Budget = 0
	f := future.FromChan(ch)
	require.True(t, f.Poll(cx).IsPending())
	require.Equal(t, int64(1), wakes.n.Load(), "out of budget: yields and wakes")
	require.Len(t, ch, 1, "nothing taken")
	taskcx.Of(cx).Budget = 1
	res, ok := f.Poll(cx).Get()
	require.True(t, ok)
	require.Equal(t, future.Ok(1), res)
	require.Zero(t, cx.Budget())
}

func TestBridgesRejectNil(t *testing.T) {
	var nilCtx context.Context // a nil context is the point
	require.PanicsWithValue(t, "future.FromContext: nil context", func() { future.FromContext(nilCtx) })
	require.PanicsWithValue(t, "future.WithContext: nil context", func() { future.WithContext(nilCtx, future.Value(1)) })
	require.PanicsWithValue(t, "future.WithContext: nil future", func() {
		future.WithContext[int](context.Background(), nil)
	})
	require.PanicsWithValue(t, "future.FromChan: nil channel", func() { future.FromChan[int](nil) })
}
