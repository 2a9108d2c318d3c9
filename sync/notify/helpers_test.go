package notify_test

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recWaker counts its wakes.
type recWaker struct{ n atomic.Int32 }

func (r *recWaker) Wake() { r.n.Add(1) }

// poller drives one future by hand with a recording waker: the test-only
// poll driver.
type poller[T any] struct {
	f  future.Future[T]
	w  *recWaker
	cx *future.Context
}

func newPoller[T any](f future.Future[T]) *poller[T] {
	w := &recWaker{}
	return &poller[T]{f: f, w: w, cx: future.NewContext(waker.New(w))}
}

// poll polls once and returns the value and whether it was ready.
func (p *poller[T]) poll() (T, bool) { return p.f.Poll(p.cx).Get() }

// wakes returns the wakes recorded since the last call.
func (p *poller[T]) wakes() int { return int(p.w.n.Swap(0)) }

func (p *poller[T]) drop() { future.Drop(p.f) }

// mustReady polls and requires Ready.
func mustReady[T any](t *testing.T, p *poller[T]) T {
	t.Helper()
	v, ok := p.poll()
	require.True(t, ok, "want Ready")
	return v
}

// mustPending polls and requires Pending.
func mustPending[T any](t *testing.T, p *poller[T]) {
	t.Helper()
	_, ok := p.poll()
	require.False(t, ok, "want Pending")
}

// chanWaker wakes a goroutine blocked in blockOn.
type chanWaker chan struct{}

func (c chanWaker) Wake() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// blockOn drives f on the calling goroutine, parking on a channel between
// polls: a minimal executor for stress tests with plain goroutines.
func blockOn[T any](f future.Future[T]) T {
	c := make(chanWaker, 1)
	cx := future.NewContext(waker.New(c))
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			return v
		}
		<-c
	}
}
