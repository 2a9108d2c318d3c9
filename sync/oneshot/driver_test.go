package oneshot_test

import (
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// countWaker records how many times it was woken.
type countWaker struct{ n atomic.Int64 }

func (c *countWaker) Wake() { c.n.Add(1) }

// driver polls futures by hand with a recording waker: the test-only
// executor of this package.
type driver struct {
	w  *countWaker
	cx *future.Context
}

func newDriver() *driver {
	w := &countWaker{}
	return &driver{w: w, cx: future.NewContext(waker.New(w))}
}

func (d *driver) wakes() int64 { return d.w.n.Load() }

func poll[T any](d *driver, f future.Future[T]) (T, bool) {
	return f.Poll(d.cx).Get()
}

// chanWaker signals a Go channel, so a goroutine can block until woken.
type chanWaker chan struct{}

func (c chanWaker) Wake() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// block polls f on the calling goroutine until it is ready, parking on its
// waker in between: a minimal block_on for stress tests.
func block[T any](f future.Future[T]) T {
	ch := make(chanWaker, 1)
	cx := future.NewContext(waker.New(ch))
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			return v
		}
		<-ch
	}
}
