package future_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
	"github.com/stretchr/testify/require"
)

// probe is a test future: Pending for its first `pending` polls (waking
// the task each time unless silent), then Ready with v, or with a Result
// carrying err for the fallible variant. It counts polls and drops and logs
// its name to a shared log on every poll.
type probe[T any] struct {
	name    string
	pending int
	v       T
	silent  bool
	log     *[]string
	polls   int
	drops   int
	done    bool
}

func (p *probe[T]) Poll(cx *future.Context) future.Poll[T] {
	if p.done {
		panic(fmt.Sprintf("%s polled after completion", p.name))
	}
	if p.drops > 0 {
		panic(fmt.Sprintf("%s polled after Drop", p.name))
	}
	p.polls++
	if p.log != nil {
		*p.log = append(*p.log, p.name)
	}
	if p.polls <= p.pending {
		if !p.silent {
			cx.Waker().Wake()
		}
		return future.Pending[T]()
	}
	p.done = true
	return future.Ready(p.v)
}

func (p *probe[T]) Drop() { p.drops++ }

// newProbe returns a probe ready with v after `pending` Pending polls.
func newProbe[T any](name string, pending int, v T, log *[]string) *probe[T] {
	return &probe[T]{name: name, pending: pending, v: v, log: log}
}

// wakeCounter is a waker target that counts wakes.
type wakeCounter struct{ n atomic.Int64 }

func (w *wakeCounter) Wake() { w.n.Add(1) }

// pollOnce polls f once under a fresh Context and reports the outcome.
func pollOnce[T any](f future.Future[T]) future.Poll[T] {
	return f.Poll(future.NewContext(waker.Noop()))
}

// drive polls f until it is ready, as a one-task executor: it polls again
// only after a wake, and fails the test if f is pending with no wake
// pending (the future would hang) or after max polls. It returns the
// output and the number of polls.
func drive[T any](t testing.TB, f future.Future[T], max int) (T, int) {
	t.Helper()
	var wc wakeCounter
	cx := future.NewContext(waker.New(&wc))
	for polls := 1; polls <= max; polls++ {
		before := wc.n.Load()
		if v, ok := f.Poll(cx).Get(); ok {
			return v, polls
		}
		require.Greater(t, wc.n.Load(), before, "pending without a wake at poll %d", polls)
	}
	require.FailNow(t, "not ready", "after %d polls", max)
	var zero T
	return zero, max
}

// fixedChooser returns the picks in order, then 0.
type fixedChooser struct{ picks []int }

func (c *fixedChooser) Choose(n int) int {
	if len(c.picks) == 0 {
		return 0
	}
	p := c.picks[0] % n
	c.picks = c.picks[1:]
	return p
}
