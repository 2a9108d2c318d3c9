package offload

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// wait polls f with a channel waker until it is ready.
func wait[T any](f future.Future[T]) T {
	ch := make(chan struct{}, 1)
	cx := future.NewContext(waker.Func(func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}))
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			return v
		}
		<-ch
	}
}

type countPool struct{ n atomic.Int32 }

func (p *countPool) Go(job func()) bool {
	p.n.Add(1)
	go job()
	return true
}

func TestRunFallbackAndPool(t *testing.T) {
	require.Equal(t, 42, wait[int](Run("x", func() int { return 42 }, nil)))

	var s future.Services
	p := &countPool{}
	Provide(&s, p)
	ch := make(chan struct{}, 1)
	cx := future.NewContext(waker.Func(func() { ch <- struct{}{} }))
	cx.SetServices(&s)
	f := Run("y", func() string { return "ok" }, nil)
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			require.Equal(t, "ok", v)
			break
		}
		<-ch
	}
	require.Equal(t, int32(1), p.n.Load())
}

func TestDropDiscards(t *testing.T) {
	discarded := make(chan int, 1)
	release := make(chan struct{})
	f := Run("z", func() int { <-release; return 7 }, func(v int) { discarded <- v })
	require.False(t, f.Poll(future.NewContext(waker.Noop())).IsReady())
	f.Drop()
	close(release)
	select {
	case v := <-discarded:
		require.Equal(t, 7, v)
	case <-time.After(5 * time.Second):
		t.Fatal("value not discarded")
	}
	// Finished before the drop: Drop discards it.
	release2 := make(chan struct{})
	g := Run("w", func() int { <-release2; return 8 }, func(v int) { discarded <- v })
	require.False(t, g.Poll(future.NewContext(waker.Noop())).IsReady())
	close(release2)
	for g.j.state.Load() == running {
		time.Sleep(time.Millisecond)
	}
	g.Drop()
	require.Equal(t, 8, <-discarded)
}

func TestPanicReRaised(t *testing.T) {
	f := Run("p", func() int { panic("boom") }, nil)
	require.Panics(t, func() { wait[int](f) })
}
