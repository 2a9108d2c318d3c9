package polltest

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// counter is a waker that counts its wakes. Wake may run on any goroutine;
// the count is atomic, and a wake happens before the count that observes it.
type counter struct{ n atomic.Int64 }

// Wake adds one to the count.
func (c *counter) Wake() { c.n.Add(1) }

// Driver is a Context whose waker counts its wakes: the hand executor of a
// test that polls several futures through one task. Not safe for concurrent
// polls (neither is a Context).
type Driver struct {
	// Cx is the context every Poll uses; tests set its budget or task name
	// and read what it waits on.
	Cx *future.Context
	w  *counter
}

// NewDriver returns a Driver with a fresh counting waker and a Context with
// the default budget.
func NewDriver() *Driver {
	w := &counter{}
	return &Driver{Cx: future.NewContext(waker.New(w)), w: w}
}

// Wakes returns the total number of wakes so far.
func (d *Driver) Wakes() int64 { return d.w.n.Load() }

// Poll polls f once with d's Context and returns its value and whether it
// was Ready.
func Poll[T any](d *Driver, f future.Future[T]) (T, bool) { return f.Poll(d.Cx).Get() }

// Poller drives one future with its own counting waker.
type Poller[T any] struct {
	// F is the future under test.
	F future.Future[T]
	// Cx is the context of every poll of F.
	Cx *future.Context
	w  *counter
}

// NewPoller returns a Poller for f with a fresh counting waker.
func NewPoller[T any](f future.Future[T]) *Poller[T] {
	w := &counter{}
	return &Poller[T]{F: f, Cx: future.NewContext(waker.New(w)), w: w}
}

// Poll polls F once and returns its value and whether it was Ready.
func (p *Poller[T]) Poll() (T, bool) { return p.F.Poll(p.Cx).Get() }

// Wakes returns the number of wakes since the previous call (and resets it).
func (p *Poller[T]) Wakes() int { return int(p.w.n.Swap(0)) }

// Drop drops F (future.Drop: a no-op for a future without Drop).
func (p *Poller[T]) Drop() { future.Drop(p.F) }

// MustReady polls p once, requires Ready and returns the value.
func MustReady[T any](t testing.TB, p *Poller[T]) T {
	t.Helper()
	v, ok := p.Poll()
	require.True(t, ok, "want Ready")
	return v
}

// MustPending polls p once and requires Pending.
func MustPending[T any](t testing.TB, p *Poller[T]) {
	t.Helper()
	_, ok := p.Poll()
	require.False(t, ok, "want Pending")
}

// chanWaker wakes a goroutine parked in BlockOn; a wake while one is
// already pending is absorbed by the one-slot buffer.
type chanWaker chan struct{}

// Wake signals the channel without blocking.
func (c chanWaker) Wake() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// BlockOn polls f on the calling goroutine until it is Ready, parking on a
// channel between polls: a minimal block_on for stress tests. A wake that
// happens before a poll returns Pending causes another poll.
func BlockOn[T any](f future.Future[T]) T {
	c := make(chanWaker, 1)
	cx := future.NewContext(waker.New(c))
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			return v
		}
		<-c
	}
}
