package notify_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/notify"
)

type unit = future.Unit

func TestNotifyOneStoresOnePermit(t *testing.T) {
	n := notify.New()
	n.NotifyOne()
	n.NotifyOne() // coalesces
	polltest.MustReady(t, polltest.NewPoller(n.Notified()))
	p := polltest.NewPoller(n.Notified())
	polltest.MustPending(t, p)
	require.False(t, notify.HasPermit(n))
	n.NotifyOne()
	require.Equal(t, 1, p.Wakes())
	polltest.MustReady(t, p)
	require.False(t, notify.HasPermit(n), "a delivered NotifyOne stores nothing")
}

func TestZeroValueUsable(t *testing.T) {
	var n notify.Notify
	p := polltest.NewPoller(n.Notified())
	polltest.MustPending(t, p)
	n.NotifyOne()
	polltest.MustReady(t, p)
}

func TestNotifyOneFIFO(t *testing.T) {
	n := notify.New()
	ps := make([]*polltest.Poller[unit], 3)
	for i := range ps {
		ps[i] = polltest.NewPoller(n.Notified())
		polltest.MustPending(t, ps[i])
	}
	for i := range ps {
		n.NotifyOne()
		for j := range ps {
			want := 0
			if j == i {
				want = 1
			}
			require.Equal(t, want, ps[j].Wakes(), "notify %d, waiter %d", i, j)
		}
		polltest.MustReady(t, ps[i])
	}
}

func TestNotifyWaitersCountsCreation(t *testing.T) {
	n := notify.New()
	queued := polltest.NewPoller(n.Notified())
	polltest.MustPending(t, queued)
	created := polltest.NewPoller(n.Notified()) // never polled before the call
	n.NotifyWaiters()
	after := polltest.NewPoller(n.Notified())
	require.Equal(t, 1, queued.Wakes())
	polltest.MustReady(t, queued)
	polltest.MustReady(t, created)
	polltest.MustPending(t, after)
	require.False(t, notify.HasPermit(n), "NotifyWaiters stores no permit")
	require.Equal(t, 1, notify.Waiters(n))
	after.Drop()
	require.Equal(t, 0, notify.Waiters(n))
}

func TestDropQueuedLeavesLine(t *testing.T) {
	n := notify.New()
	a, b := polltest.NewPoller(n.Notified()), polltest.NewPoller(n.Notified())
	polltest.MustPending(t, a)
	polltest.MustPending(t, b)
	a.Drop()
	a.Drop()
	n.NotifyOne()
	require.Equal(t, 0, a.Wakes())
	require.Equal(t, 1, b.Wakes())
	polltest.MustReady(t, b)
}

func TestDropChosenPassesOn(t *testing.T) {
	n := notify.New()
	a, b := polltest.NewPoller(n.Notified()), polltest.NewPoller(n.Notified())
	polltest.MustPending(t, a)
	polltest.MustPending(t, b)
	n.NotifyOne() // chooses a
	a.Drop()      // a never saw it: b gets it
	require.Equal(t, 1, b.Wakes())
	polltest.MustReady(t, b)

	c := polltest.NewPoller(n.Notified())
	polltest.MustPending(t, c)
	n.NotifyOne()
	c.Drop() // nobody else waits: back to the stored permit
	require.True(t, notify.HasPermit(n))
	polltest.MustReady(t, polltest.NewPoller(n.Notified()))
}

func TestDropAfterNotifyWaitersPassesNothing(t *testing.T) {
	n := notify.New()
	a := polltest.NewPoller(n.Notified())
	polltest.MustPending(t, a)
	n.NotifyWaiters()
	a.Drop()
	require.False(t, notify.HasPermit(n))
	polltest.MustPending(t, polltest.NewPoller(n.Notified()))
}

func TestMisuseBudgetString(t *testing.T) {
	n := notify.New()
	n.NotifyOne()
	p := polltest.NewPoller(n.Notified())
	taskcx.Of(p.Cx).Budget = 0
	polltest.MustPending(t, p)
	require.Equal(t, 1, p.Wakes())
	require.True(t, notify.HasPermit(n), "a yield consumes nothing")
	taskcx.Of(p.Cx).Budget = 1
	polltest.MustReady(t, p)
	require.PanicsWithValue(t, "*notify.NotifiedFuture polled after completion", func() { p.Poll() })

	w := polltest.NewPoller(n.Notified())
	polltest.MustPending(t, w)
	require.Equal(t, "notify.Notified", fmt.Sprint(taskcx.Of(w.Cx).WaitingOn))
	require.Equal(t, "notify.Notify (1 waiting)", n.String())
	w.Drop()
	require.PanicsWithValue(t, "*notify.NotifiedFuture polled after Drop", func() { w.Poll() })
	n.NotifyOne()
	require.Equal(t, "notify.Notify (permit stored)", n.String())
}

// TestDropAtEveryAwait: F waits behind A, B arrives after F; two NotifyOne
// calls happen between F's polls. F is dropped after k polls; the two
// notifications must be observed (by A, F, B) or stored, never lost or
// duplicated.
func TestDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		n := notify.New()
		a := polltest.NewPoller(n.Notified())
		polltest.MustPending(t, a)
		f := polltest.NewPoller(n.Notified())
		b := polltest.NewPoller(n.Notified())
		sent, got := 0, 0
		finished := false
		for i := 0; i < k; i++ {
			if _, ok := f.Poll(); ok {
				got++
				finished = true
				break
			}
			if i == 0 {
				polltest.MustPending(t, b)
			}
			if sent < 2 {
				n.NotifyOne()
				sent++
			}
		}
		f.Drop()
		if _, ok := a.Poll(); ok {
			got++
		}
		if _, ok := b.Poll(); ok {
			got++
		}
		if notify.HasPermit(n) {
			got++
		}
		require.Equal(t, sent, got, "k=%d: notifications conserved", k)
		a.Drop()
		b.Drop()
		if finished {
			require.Equal(t, 3, k)
			return
		}
		require.Less(t, k, 10)
	}
}

// TestStressNotifyOne: producers bump a counter and NotifyOne; a single
// consumer goroutine re-checks the counter after each notification, dropping
// some of its futures after one poll. It must see the final count (no lost
// wake-up).
func TestStressNotifyOne(t *testing.T) {
	const producers, each = 4, 300
	n := notify.New()
	var count atomic.Int64
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				count.Add(1)
				n.NotifyOne()
			}
		}()
	}
	for i := 0; ; i++ {
		f := n.Notified()
		if count.Load() == producers*each {
			f.Drop()
			break
		}
		if i%3 == 0 {
			if _, ok := polltest.NewPoller[unit](f).Poll(); !ok {
				f.Drop() // passes on a notification that raced in
			}
			continue
		}
		polltest.BlockOn[unit](f)
	}
	wg.Wait()
}

// TestStressNotifyWaiters: consumer goroutines wait for a generation number
// to change using the create-check-await pattern; a producer bumps it and
// calls NotifyWaiters. No consumer may hang.
func TestStressNotifyWaiters(t *testing.T) {
	const rounds, consumers = 200, 4
	n := notify.New()
	var gen atomic.Int64
	var wg sync.WaitGroup
	for c := 0; c < consumers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seen := int64(0); seen < rounds; {
				f := n.Notified()
				if g := gen.Load(); g != seen {
					seen = g
					f.Drop()
					continue
				}
				polltest.BlockOn[unit](f)
			}
		}()
	}
	for i := 0; i < rounds; i++ {
		gen.Add(1)
		n.NotifyWaiters()
	}
	wg.Wait()
}
