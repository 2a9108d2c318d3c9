package notify_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/notify"
)

type unit = future.Unit

func TestNotifyOneStoresOnePermit(t *testing.T) {
	n := notify.New()
	n.NotifyOne()
	n.NotifyOne() // coalesces
	mustReady(t, newPoller(n.Notified()))
	p := newPoller(n.Notified())
	mustPending(t, p)
	require.False(t, notify.HasPermit(n))
	n.NotifyOne()
	require.Equal(t, 1, p.wakes())
	mustReady(t, p)
	require.False(t, notify.HasPermit(n), "a delivered NotifyOne stores nothing")
}

func TestZeroValueUsable(t *testing.T) {
	var n notify.Notify
	p := newPoller(n.Notified())
	mustPending(t, p)
	n.NotifyOne()
	mustReady(t, p)
}

func TestNotifyOneFIFO(t *testing.T) {
	n := notify.New()
	ps := make([]*poller[unit], 3)
	for i := range ps {
		ps[i] = newPoller(n.Notified())
		mustPending(t, ps[i])
	}
	for i := range ps {
		n.NotifyOne()
		for j := range ps {
			want := 0
			if j == i {
				want = 1
			}
			require.Equal(t, want, ps[j].wakes(), "notify %d, waiter %d", i, j)
		}
		mustReady(t, ps[i])
	}
}

func TestNotifyWaitersCountsCreation(t *testing.T) {
	n := notify.New()
	queued := newPoller(n.Notified())
	mustPending(t, queued)
	created := newPoller(n.Notified()) // never polled before the call
	n.NotifyWaiters()
	after := newPoller(n.Notified())
	require.Equal(t, 1, queued.wakes())
	mustReady(t, queued)
	mustReady(t, created)
	mustPending(t, after)
	require.False(t, notify.HasPermit(n), "NotifyWaiters stores no permit")
	require.Equal(t, 1, notify.Waiters(n))
	after.drop()
	require.Equal(t, 0, notify.Waiters(n))
}

func TestDropQueuedLeavesLine(t *testing.T) {
	n := notify.New()
	a, b := newPoller(n.Notified()), newPoller(n.Notified())
	mustPending(t, a)
	mustPending(t, b)
	a.drop()
	a.drop()
	n.NotifyOne()
	require.Equal(t, 0, a.wakes())
	require.Equal(t, 1, b.wakes())
	mustReady(t, b)
}

func TestDropChosenPassesOn(t *testing.T) {
	n := notify.New()
	a, b := newPoller(n.Notified()), newPoller(n.Notified())
	mustPending(t, a)
	mustPending(t, b)
	n.NotifyOne() // chooses a
	a.drop()      // a never saw it: b gets it
	require.Equal(t, 1, b.wakes())
	mustReady(t, b)

	c := newPoller(n.Notified())
	mustPending(t, c)
	n.NotifyOne()
	c.drop() // nobody else waits: back to the stored permit
	require.True(t, notify.HasPermit(n))
	mustReady(t, newPoller(n.Notified()))
}

func TestDropAfterNotifyWaitersPassesNothing(t *testing.T) {
	n := notify.New()
	a := newPoller(n.Notified())
	mustPending(t, a)
	n.NotifyWaiters()
	a.drop()
	require.False(t, notify.HasPermit(n))
	mustPending(t, newPoller(n.Notified()))
}

func TestMisuseBudgetString(t *testing.T) {
	n := notify.New()
	n.NotifyOne()
	p := newPoller(n.Notified())
	p.cx.SetBudget(0)
	mustPending(t, p)
	require.Equal(t, 1, p.wakes())
	require.True(t, notify.HasPermit(n), "a yield consumes nothing")
	p.cx.SetBudget(1)
	mustReady(t, p)
	require.PanicsWithValue(t, "*notify.NotifiedFuture polled after completion", func() { p.poll() })

	w := newPoller(n.Notified())
	mustPending(t, w)
	require.Equal(t, "notify.Notified", fmt.Sprint(w.cx.WaitingOn()))
	require.Equal(t, "notify.Notify (1 waiting)", n.String())
	w.drop()
	require.PanicsWithValue(t, "*notify.NotifiedFuture polled after Drop", func() { w.poll() })
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
		a := newPoller(n.Notified())
		mustPending(t, a)
		f := newPoller(n.Notified())
		b := newPoller(n.Notified())
		sent, got := 0, 0
		finished := false
		for i := 0; i < k; i++ {
			if _, ok := f.poll(); ok {
				got++
				finished = true
				break
			}
			if i == 0 {
				mustPending(t, b)
			}
			if sent < 2 {
				n.NotifyOne()
				sent++
			}
		}
		f.drop()
		if _, ok := a.poll(); ok {
			got++
		}
		if _, ok := b.poll(); ok {
			got++
		}
		if notify.HasPermit(n) {
			got++
		}
		require.Equal(t, sent, got, "k=%d: notifications conserved", k)
		a.drop()
		b.drop()
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
			if _, ok := newPoller[unit](f).poll(); !ok {
				f.Drop() // passes on a notification that raced in
			}
			continue
		}
		blockOn[unit](f)
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
				blockOn[unit](f)
			}
		}()
	}
	for i := 0; i < rounds; i++ {
		gen.Add(1)
		n.NotifyWaiters()
	}
	wg.Wait()
}
