package futuretest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/mutex"
)

func TestDropAtEveryAwaitHandWritten(t *testing.T) {
	var made []*countdown
	var ks []int
	futuretest.DropAtEveryAwait(t, func() future.Future[int] {
		c := newCountdown(3)
		made = append(made, c)
		return c
	}, func(k int) {
		c := made[len(made)-1]
		ks = append(ks, k)
		// Polled k times then dropped, or finished within k polls.
		assert.Equal(t, k < 4, c.dropped || k == 0, "k=%d", k)
		assert.Equal(t, min(k, 3), 3-c.left, "k=%d: polls seen", k)
	})
	require.Equal(t, []int{0, 1, 2, 3, 4}, ks, "stops at the first k the future completes within")
}

func TestDropAtEveryAwaitAsyncBlock(t *testing.T) {
	m := mutex.New(0, mutex.Name("m"))
	deferred := 0
	var ks []int
	futuretest.DropAtEveryAwait(t, func() future.Future[int] {
		return future.Async(func(co *future.Co) int {
			defer func() { deferred++ }()
			g := future.Await(co, m.Lock())
			defer g.Unlock()
			future.Await(co, sleep(time.Millisecond))
			future.Await(co, future.YieldNow())
			*g.Value()++
			return *g.Value()
		})
	}, func(k int) {
		ks = append(ks, k)
		g, ok := m.TryLock()
		if assert.True(t, ok, "k=%d: the lock leaked", k) {
			g.Unlock()
		}
		if k > 0 {
			assert.Equal(t, len(ks)-1, deferred, "k=%d: the block's defers ran", k)
		}
	})
	require.Equal(t, 3, ks[len(ks)-1], "lock, sleep, yield: completes at the 3rd poll")
}

// leaky is a future that takes a permit-like counter at its first poll and
// forgets to give it back when dropped: DropAtEveryAwait must name k.
type leaky struct {
	held  *int
	polls int
}

func (l *leaky) Poll(cx *future.Context) future.Poll[int] {
	l.polls++
	if l.polls == 1 {
		*l.held++
	}
	if l.polls == 3 {
		*l.held--
		return future.Ready(0)
	}
	cx.Waker().Wake()
	return future.Pending[int]()
}

func (l *leaky) Drop() {} // bug: *l.held is not given back

func TestDropAtEveryAwaitReportsK(t *testing.T) {
	r := &recT{}
	held := 0
	futuretest.DropAtEveryAwait(r, func() future.Future[int] {
		held = 0
		return &leaky{held: &held}
	}, func(k int) {
		if held != 0 {
			r.Errorf("k=%d: %d held after drop", k, held)
		}
	})
	require.True(t, r.Failed())
	require.Contains(t, r.errs[0], "k=1")
	require.True(t, strings.Contains(strings.Join(r.logs, "\n"), "check failed at k=1"), r.logs)
}

func TestDropAtEveryAwaitStuck(t *testing.T) {
	r := &recT{}
	futuretest.DropAtEveryAwait(r, func() future.Future[int] { return future.Never[int]() }, func(int) {})
	require.True(t, r.Failed())
	require.Contains(t, r.errs[0], "stuck after 1 polls")
	require.Contains(t, r.errs[0], "executor: deadlock")
}

func TestDropAtEveryAwaitOnWithCompany(t *testing.T) {
	var ks []int
	futuretest.DropAtEveryAwaitOn(t, func(ex *executor.Local) future.Future[int] {
		m := mutex.New(0)
		g, _ := m.TryLock()
		executor.Spawn(ex, future.Async(func(co *future.Co) future.Unit {
			future.Await(co, future.YieldNow())
			g.Unlock()
			return future.Unit{}
		}))
		return future.Map(m.Lock(), func(g *mutex.Guard[int]) int { g.Unlock(); return 1 })
	}, func(k int) { ks = append(ks, k) })
	require.Equal(t, []int{0, 1, 2}, ks)
}

// TestDropAtEveryAwaitCheckDrivesHelpers: check runs the k's executor to
// let the helper tasks finish, and asserts on what they delivered: a
// receive loop dropped at any await loses no value of a cancel-safe
// channel.
func TestDropAtEveryAwaitCheckDrivesHelpers(t *testing.T) {
	const n = 3
	var (
		ex  *executor.Local
		rx  *mpsc.Receiver[int]
		got []int
	)
	futuretest.DropAtEveryAwaitOn(t, func(e *executor.Local) future.Future[unit] {
		ex, got = e, nil
		tx, r := mpsc.New[int](1)
		rx = r
		executor.Spawn(e, future.Async(func(co *future.Co) unit {
			for i := range n {
				future.Await(co, tx.Send(i))
			}
			tx.Close()
			return unit{}
		}), executor.Name("producer"))
		return future.Async(func(co *future.Co) unit {
			for range n {
				got = append(got, future.Await(co, rx.Recv()).Value)
			}
			return unit{}
		})
	}, func(k int) {
		// Drive the producer to the end and drain what it sent.
		rest, err := executor.Run(ex, future.Async(func(co *future.Co) []int {
			var out []int
			for {
				r := future.Await(co, rx.Recv())
				if r.Err != nil {
					return out
				}
				out = append(out, r.Value)
			}
		}))
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2}, append(append([]int(nil), got...), rest...), "k=%d", k)
	})

	// A helper that spins forever: the check's Run reports a livelock.
	futuretest.DropAtEveryAwaitOn(t, func(e *executor.Local) future.Future[unit] {
		ex = e
		return future.YieldNow()
	}, func(k int) {
		_, err := executor.Run(ex, future.Async(func(co *future.Co) unit {
			for {
				future.Await(co, future.YieldNow())
			}
		}))
		require.ErrorIs(t, err, executor.ErrPollLimit)
	})
}
