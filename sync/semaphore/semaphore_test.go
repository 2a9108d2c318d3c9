package semaphore_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/semaphore"
)

type res = future.Result[*semaphore.Permit]

func mustPermit(t *testing.T, p *polltest.Poller[res]) *semaphore.Permit {
	t.Helper()
	r := polltest.MustReady(t, p)
	require.NoError(t, r.Err)
	return r.Value
}

func TestAcquireRelease(t *testing.T) {
	s := semaphore.New(3)
	p := polltest.NewPoller(s.Acquire(2))
	pm := mustPermit(t, p)
	require.Equal(t, 2, pm.N())
	require.Equal(t, 1, s.Available())
	q, ok := s.TryAcquire(1)
	require.True(t, ok)
	_, ok = s.TryAcquire(1)
	require.False(t, ok)
	pm.Release()
	require.Equal(t, 0, pm.N())
	q.Release()
	require.Equal(t, 3, s.Available())
}

func TestFIFOBigHeadBlocksSmall(t *testing.T) {
	s := semaphore.New(2)
	a := polltest.NewPoller(s.Acquire(3))
	polltest.MustPending(t, a)
	require.Equal(t, 2, semaphore.Collected(a.F.(*semaphore.AcquireFuture)), "partial grant")
	require.Equal(t, 0, s.Available())
	b := polltest.NewPoller(s.Acquire(1))
	polltest.MustPending(t, b)
	_, ok := s.TryAcquire(1)
	require.False(t, ok, "TryAcquire never overtakes the line")
	s.AddPermits(2)
	require.Equal(t, 1, a.Wakes())
	require.Equal(t, 1, b.Wakes(), "the leftover permit goes to the next waiter")
	pa, pb := mustPermit(t, a), mustPermit(t, b)
	require.Equal(t, 3, pa.N())
	require.Equal(t, 0, s.Available())
	pa.Release()
	pb.Release()
	require.Equal(t, 4, s.Available())
}

func TestDropQueuedGivesBackPartial(t *testing.T) {
	s := semaphore.New(2)
	a := polltest.NewPoller(s.Acquire(3))
	polltest.MustPending(t, a)
	b := polltest.NewPoller(s.Acquire(2))
	polltest.MustPending(t, b)
	a.Drop()
	a.Drop()
	require.Equal(t, 1, b.Wakes(), "a's partial grant goes to b")
	require.Equal(t, 0, a.Wakes())
	pb := mustPermit(t, b)
	require.Equal(t, 0, s.Available())
	pb.Release()
	require.Equal(t, 2, s.Available())
	require.Equal(t, 0, semaphore.Waiters(s))
}

func TestDropGrantedGivesBack(t *testing.T) {
	s := semaphore.New(1)
	h, _ := s.TryAcquire(1)
	a, b := polltest.NewPoller(s.Acquire(1)), polltest.NewPoller(s.Acquire(1))
	polltest.MustPending(t, a)
	polltest.MustPending(t, b)
	h.Release()
	require.Equal(t, 1, a.Wakes())
	a.Drop()
	require.Equal(t, 1, b.Wakes())
	mustPermit(t, b).Release()
	require.Equal(t, 1, s.Available())
}

func TestClose(t *testing.T) {
	s := semaphore.New(2)
	held, _ := s.TryAcquire(1)
	a := polltest.NewPoller(s.Acquire(3)) // collects 1
	polltest.MustPending(t, a)
	b := polltest.NewPoller(s.Acquire(1))
	polltest.MustPending(t, b)
	s.Close()
	s.Close()
	require.Equal(t, 1, a.Wakes())
	require.Equal(t, 1, b.Wakes())
	for _, p := range []*polltest.Poller[res]{a, b} {
		r := polltest.MustReady(t, p)
		require.ErrorIs(t, r.Err, semaphore.ErrClosed)
		require.Nil(t, r.Value)
	}
	require.Equal(t, 1, s.Available(), "a's partial grant came back")
	r := polltest.MustReady(t, polltest.NewPoller(s.Acquire(1)))
	require.ErrorIs(t, r.Err, semaphore.ErrClosed)
	require.EqualError(t, r.Err, "semaphore: closed")
	_, ok := s.TryAcquire(0)
	require.False(t, ok)
	held.Release()
	require.Equal(t, 2, s.Available())
}

func TestGrantedBeforeCloseKeepsPermit(t *testing.T) {
	s := semaphore.New(0)
	a := polltest.NewPoller(s.Acquire(1))
	polltest.MustPending(t, a)
	s.AddPermits(1)
	s.Close()
	pa := mustPermit(t, a)
	pa.Release()
	require.Equal(t, 1, s.Available())
}

func TestAcquireZero(t *testing.T) {
	s := semaphore.New(0)
	a := polltest.NewPoller(s.Acquire(1))
	polltest.MustPending(t, a)
	z := mustPermit(t, polltest.NewPoller(s.Acquire(0)))
	require.Equal(t, 0, z.N())
	z.Release()
	zt, ok := s.TryAcquire(0)
	require.True(t, ok)
	zt.Release()
	a.Drop()
	s.Close()
	require.ErrorIs(t, polltest.MustReady(t, polltest.NewPoller(s.Acquire(0))).Err, semaphore.ErrClosed)
}

func TestMoreThanTotalWaitsForAddPermits(t *testing.T) {
	s := semaphore.New(1)
	a := polltest.NewPoller(s.Acquire(5))
	polltest.MustPending(t, a)
	s.AddPermits(3)
	polltest.MustPending(t, a)
	require.Equal(t, 0, a.Wakes())
	s.AddPermits(1)
	require.Equal(t, 1, a.Wakes())
	mustPermit(t, a).Release()
	require.Equal(t, 5, s.Available())
}

func TestMisusePanics(t *testing.T) {
	require.PanicsWithValue(t, "semaphore.New: negative permits", func() { semaphore.New(-1) })
	s := semaphore.New(1)
	require.PanicsWithValue(t, "semaphore.Acquire: negative permits", func() { s.Acquire(-1) })
	require.PanicsWithValue(t, "semaphore.TryAcquire: negative permits", func() { s.TryAcquire(-1) })
	require.PanicsWithValue(t, "semaphore.AddPermits: negative permits", func() { s.AddPermits(-1) })
	p := polltest.NewPoller(s.Acquire(1))
	pm := mustPermit(t, p)
	require.PanicsWithValue(t, "*semaphore.AcquireFuture polled after completion", func() { p.Poll() })
	pm.Release()
	require.PanicsWithValue(t, "semaphore: Release of released Permit", pm.Release)
	f := s.Acquire(1)
	f.Drop()
	require.PanicsWithValue(t, "*semaphore.AcquireFuture polled after Drop", func() { polltest.NewPoller[res](f).Poll() })
	require.Equal(t, 1, s.Available())
}

func TestBudgetAndString(t *testing.T) {
	s := semaphore.New(1)
	p := polltest.NewPoller(s.Acquire(1))
	taskcx.Of(p.Cx).Budget = 0
	polltest.MustPending(t, p)
	require.Equal(t, 1, p.Wakes())
	require.Equal(t, 1, s.Available(), "nothing taken")
	taskcx.Of(p.Cx).Budget = 2
	mustPermit(t, p).Release()
	require.Equal(t, 1, p.Cx.Budget())

	h, _ := s.TryAcquire(1)
	w := polltest.NewPoller(s.Acquire(3))
	polltest.MustPending(t, w)
	require.Equal(t, "semaphore.Acquire(3)", fmt.Sprint(taskcx.Of(w.Cx).WaitingOn))
	require.Equal(t, "semaphore.Semaphore (0 available, 1 waiting)", s.String())
	w.Drop()
	h.Release()
	require.Equal(t, 1, s.Available())
}

// TestDropAtEveryAwait: F = Acquire(3) waits behind A = Acquire(2) while H
// holds 2 of 3 permits; B = Acquire(1) queues behind F. Between F's polls H
// releases, then A releases. F is dropped after k polls; all permits must
// come back and B must get through.
func TestDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		s := semaphore.New(3)
		h, _ := s.TryAcquire(2)
		a := polltest.NewPoller(s.Acquire(2))
		polltest.MustPending(t, a)
		f := polltest.NewPoller(s.Acquire(3))
		var b *polltest.Poller[res]
		finished := false
		for i := 0; i < k; i++ {
			if r, ok := f.Poll(); ok {
				require.NoError(t, r.Err)
				require.Equal(t, 3, r.Value.N())
				r.Value.Release()
				finished = true
				break
			}
			if b == nil {
				b = polltest.NewPoller(s.Acquire(1))
				polltest.MustPending(t, b)
			}
			switch i {
			case 0:
				h.Release()
				h = nil
			case 1:
				mustPermit(t, a).Release()
				a = nil
			}
		}
		f.Drop()
		if h != nil {
			h.Release()
		}
		if a != nil {
			mustPermit(t, a).Release()
		}
		if b != nil {
			mustPermit(t, b).Release()
		}
		require.Equal(t, 3, s.Available(), "k=%d: permits conserved", k)
		require.Equal(t, 0, semaphore.Waiters(s))
		if finished {
			require.Equal(t, 3, k)
			return
		}
		require.Less(t, k, 10)
	}
}

// TestStressGoroutines: goroutines acquire 1–3 of 4 permits, some dropping
// after one poll; the permits in use never exceed 4 and all come back.
func TestStressGoroutines(t *testing.T) {
	const total = 4
	s := semaphore.New(total)
	var inUse atomic.Int32
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 250; i++ {
				n := 1 + (g+i)%3
				f := s.Acquire(n)
				var pm *semaphore.Permit
				if i%5 == 0 {
					r, ok := polltest.NewPoller[res](f).Poll()
					if !ok {
						f.Drop()
						continue
					}
					pm = r.Value
				} else {
					r := polltest.BlockOn[res](f)
					if !assert.NoError(t, r.Err) {
						return
					}
					pm = r.Value
				}
				assert.LessOrEqual(t, inUse.Add(int32(n)), int32(total))
				inUse.Add(-int32(n))
				pm.Release()
			}
		}()
	}
	wg.Wait()
	require.Equal(t, total, s.Available())
}

func TestReset(t *testing.T) {
	s := semaphore.New(1)
	f := s.Acquire(1)
	p := polltest.NewPoller[res](f)
	pm := mustPermit(t, p)
	require.PanicsWithValue(t, "semaphore: Reset of an AcquireFuture in use", f.Reset)
	pm.Release()
	f.Reset()
	pm = mustPermit(t, p)
	q := polltest.NewPoller(s.Acquire(1))
	polltest.MustPending(t, q)
	pm.Release()
	f.Reset()
	polltest.MustPending(t, p) // queued behind q: Reset does not overtake
	require.PanicsWithValue(t, "semaphore: Reset of an AcquireFuture in use", f.Reset)
	f.Drop()
	f.Reset()
	mustPermit(t, q).Release()
	mustPermit(t, p).Release()
	require.Equal(t, 1, s.Available())
	s.Close()
	f.Reset()
	require.ErrorIs(t, polltest.MustReady(t, p).Err, semaphore.ErrClosed)
	f.Reset()
}
