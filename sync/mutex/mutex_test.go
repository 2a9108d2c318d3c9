package mutex_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/mutex"
)

func TestLockUncontended(t *testing.T) {
	m := mutex.New(41)
	p := polltest.NewPoller(m.Lock())
	g := polltest.MustReady(t, p)
	*g.Value()++
	_, ok := m.TryLock()
	require.False(t, ok, "locked")
	g.Unlock()
	g2, ok := m.TryLock()
	require.True(t, ok)
	require.Equal(t, 42, *g2.Value())
	g2.Unlock()
	require.Equal(t, 0, p.Wakes())
}

func TestFIFOHandOff(t *testing.T) {
	m := mutex.New(0)
	g, ok := m.TryLock()
	require.True(t, ok)
	ps := make([]*polltest.Poller[*mutex.Guard[int]], 4)
	for i := range ps {
		ps[i] = polltest.NewPoller(m.Lock())
		polltest.MustPending(t, ps[i])
	}
	require.Equal(t, 4, mutex.Waiters(m))
	g.Unlock()
	// Hand-off: the lock went straight to the first waiter; no barging.
	require.Equal(t, 1, ps[0].Wakes())
	_, ok = m.TryLock()
	require.False(t, ok, "TryLock must not overtake a granted waiter")
	late := polltest.NewPoller(m.Lock())
	polltest.MustPending(t, late)
	for i, p := range ps {
		for j := i + 1; j < len(ps); j++ {
			polltest.MustPending(t, ps[j]) // spurious polls change nothing
			require.Equal(t, 0, ps[j].Wakes())
		}
		g := polltest.MustReady(t, p)
		*g.Value() = *g.Value()*10 + i + 1
		g.Unlock()
	}
	g = polltest.MustReady(t, late)
	require.Equal(t, 1234, *g.Value())
	g.Unlock()
	require.Equal(t, 0, mutex.Waiters(m))
}

func TestTryLockFailsWhileWaiters(t *testing.T) {
	m := mutex.New(0)
	g, _ := m.TryLock()
	p := polltest.NewPoller(m.Lock())
	polltest.MustPending(t, p)
	g.Unlock()
	_, ok := m.TryLock()
	require.False(t, ok)
	polltest.MustReady(t, p).Unlock()
	g, ok = m.TryLock()
	require.True(t, ok)
	g.Unlock()
}

func TestDropQueuedLeavesLine(t *testing.T) {
	m := mutex.New(0)
	g, _ := m.TryLock()
	a, b, c := polltest.NewPoller(m.Lock()), polltest.NewPoller(m.Lock()), polltest.NewPoller(m.Lock())
	polltest.MustPending(t, a)
	polltest.MustPending(t, b)
	polltest.MustPending(t, c)
	b.Drop()
	b.Drop() // twice: no-op
	require.Equal(t, 2, mutex.Waiters(m))
	g.Unlock()
	require.Equal(t, 1, a.Wakes())
	polltest.MustReady(t, a).Unlock()
	require.Equal(t, 0, b.Wakes(), "dropped waiter is never woken")
	require.Equal(t, 1, c.Wakes())
	polltest.MustReady(t, c).Unlock()
}

func TestDropGrantedPassesOn(t *testing.T) {
	m := mutex.New(0)
	g, _ := m.TryLock()
	a, b := polltest.NewPoller(m.Lock()), polltest.NewPoller(m.Lock())
	polltest.MustPending(t, a)
	polltest.MustPending(t, b)
	g.Unlock() // granted to a
	require.Equal(t, 1, a.Wakes())
	a.Drop() // a never observed it: it passes to b
	require.Equal(t, 1, b.Wakes())
	gb := polltest.MustReady(t, b)
	gb.Unlock()
	g, ok := m.TryLock()
	require.True(t, ok, "lock free at the end")
	g.Unlock()
}

func TestDropNeverPolledAndFinished(t *testing.T) {
	m := mutex.New(0)
	f := m.Lock()
	f.Drop()
	f.Drop()
	p := polltest.NewPoller(m.Lock())
	g := polltest.MustReady(t, p)
	p.Drop() // after Ready: the guard is still ours
	_, ok := m.TryLock()
	require.False(t, ok)
	g.Unlock()
}

func TestMisusePanics(t *testing.T) {
	m := mutex.New(0)
	f := m.Lock()
	p := polltest.NewPoller[*mutex.Guard[int]](f)
	g := polltest.MustReady(t, p)
	require.PanicsWithValue(t, "*mutex.LockFuture[int] polled after completion", func() { p.Poll() })
	g.Unlock()
	require.PanicsWithValue(t, "mutex: Unlock of unlocked Guard", g.Unlock)
	require.PanicsWithValue(t, "mutex: Value of unlocked Guard", func() { g.Value() })
	f2 := m.Lock()
	f2.Drop()
	require.PanicsWithValue(t, "*mutex.LockFuture[int] polled after Drop", func() { polltest.NewPoller[*mutex.Guard[int]](f2).Poll() })
	require.PanicsWithValue(t, "mutex: nil Option", func() { mutex.New(0, nil) })
}

func TestBudgetYieldsWithoutTaking(t *testing.T) {
	m := mutex.New(0)
	p := polltest.NewPoller(m.Lock())
	taskcx.Of(p.Cx).Budget = 0
	polltest.MustPending(t, p)
	require.Equal(t, 1, p.Wakes(), "a spent budget wakes the task")
	g, ok := m.TryLock()
	require.True(t, ok, "nothing was taken")
	taskcx.Of(p.Cx).Budget = 1
	polltest.MustPending(t, p) // now queued behind g
	g.Unlock()
	require.Equal(t, 1, p.Wakes())
	taskcx.Of(p.Cx).Budget = 0
	polltest.MustPending(t, p) // granted but out of budget: keeps the lock, yields
	require.Equal(t, 1, p.Wakes())
	_, ok = m.TryLock()
	require.False(t, ok)
	taskcx.Of(p.Cx).Budget = 5
	polltest.MustReady(t, p).Unlock()
	require.Equal(t, 4, p.Cx.Budget())
}

func TestStringNamesHolder(t *testing.T) {
	m := mutex.New(0, mutex.Name("spoon"))
	eggs := polltest.NewPoller(m.Lock())
	taskcx.Of(eggs.Cx).TaskName = "cook eggs"
	g := polltest.MustReady(t, eggs)
	bacon := polltest.NewPoller(m.Lock())
	taskcx.Of(bacon.Cx).TaskName = "fry bacon"
	polltest.MustPending(t, bacon)
	require.Equal(t, `mutex.Lock of "spoon" held by task "cook eggs"`, fmt.Sprint(taskcx.Of(bacon.Cx).WaitingOn))
	require.Equal(t, `mutex.Mutex "spoon" (locked by task "cook eggs", 1 waiting)`, m.String())
	g.Unlock()
	// Granted to bacon: bacon is the holder now, before it even polls.
	require.Equal(t, `mutex.Lock of "spoon" held by task "fry bacon"`, taskcx.Of(bacon.Cx).WaitingOn.String())
	polltest.MustReady(t, bacon).Unlock()
	require.Equal(t, `mutex.Mutex "spoon" (unlocked)`, m.String())

	anon := mutex.New(0)
	g, _ = anon.TryLock()
	p := polltest.NewPoller(anon.Lock())
	polltest.MustPending(t, p)
	require.Equal(t, "mutex.Lock", fmt.Sprint(taskcx.Of(p.Cx).WaitingOn))
	p.Drop()
	g.Unlock()
	named := polltest.NewPoller(anon.Lock())
	taskcx.Of(named.Cx).TaskName = "x"
	g = polltest.MustReady(t, named)
	p = polltest.NewPoller(anon.Lock())
	polltest.MustPending(t, p)
	require.Equal(t, `mutex.Lock held by task "x"`, fmt.Sprint(taskcx.Of(p.Cx).WaitingOn))
	p.Drop()
	g.Unlock()
}

// TestDropAtEveryAwait: the future under test F waits behind holder H and
// waiter A, with B behind it. For k = 0, 1, …: poll F k times, between polls
// letting the others progress (H unlocks, then A locks and unlocks); then
// drop F and check that B still gets the lock and that the lock ends free.
func TestDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		m := mutex.New(0)
		h, _ := m.TryLock()
		a := polltest.NewPoller(m.Lock())
		polltest.MustPending(t, a)
		f := polltest.NewPoller(m.Lock())
		var b *polltest.Poller[*mutex.Guard[int]]
		finished := false
		for i := 0; i < k && !finished; i++ {
			if g, ok := f.Poll(); ok {
				finished = true
				*g.Value() += 100
				g.Unlock()
				break
			}
			if b == nil {
				b = polltest.NewPoller(m.Lock())
				polltest.MustPending(t, b)
			}
			switch i {
			case 0:
				h.Unlock()
				h = nil
			case 1:
				g := polltest.MustReady(t, a)
				*g.Value()++
				g.Unlock()
				a = nil
			}
		}
		f.Drop()
		if h != nil {
			h.Unlock()
		}
		if a != nil {
			g := polltest.MustReady(t, a)
			*g.Value()++
			g.Unlock()
		}
		if b != nil {
			gb := polltest.MustReady(t, b)
			*gb.Value() += 10
			gb.Unlock()
		}
		g, ok := m.TryLock()
		require.True(t, ok, "k=%d: lock must be free at the end", k)
		want := 1
		if b != nil {
			want += 10
		}
		if finished {
			want += 100
		}
		require.Equal(t, want, *g.Value(), "k=%d", k)
		g.Unlock()
		require.Equal(t, 0, mutex.Waiters(m))
		if finished {
			require.GreaterOrEqual(t, k, 3)
			return
		}
		require.Less(t, k, 10, "F never completed")
	}
}

// TestStressGoroutines: plain goroutines lock, increment and unlock through
// the future, some dropping their lock futures at random points, while
// others use TryLock. The count must be exact.
func TestStressGoroutines(t *testing.T) {
	const workers, iters = 8, 300
	m := mutex.New(0)
	var want sync.WaitGroup
	var added [workers]int
	for w := 0; w < workers; w++ {
		want.Add(1)
		go func() {
			defer want.Done()
			for i := 0; i < iters; i++ {
				switch (w + i) % 5 {
				case 0:
					if g, ok := m.TryLock(); ok {
						*g.Value()++
						added[w]++
						g.Unlock()
					}
				case 1:
					// Poll once, then drop: whether queued or granted,
					// the lock must pass on.
					f := m.Lock()
					p := polltest.NewPoller[*mutex.Guard[int]](f)
					if g, ok := p.Poll(); ok {
						*g.Value()++
						added[w]++
						g.Unlock()
					} else {
						f.Drop()
					}
				default:
					g := polltest.BlockOn[*mutex.Guard[int]](m.Lock())
					*g.Value()++
					added[w]++
					g.Unlock()
				}
			}
		}()
	}
	want.Wait()
	total := 0
	for _, n := range added {
		total += n
	}
	g, ok := m.TryLock()
	require.True(t, ok)
	assert.Equal(t, total, *g.Value())
	g.Unlock()
}

var _ future.Dropper = (*mutex.LockFuture[int])(nil)

func TestReset(t *testing.T) {
	m := mutex.New(0)
	f := m.Lock()
	p := polltest.NewPoller[*mutex.Guard[int]](f)
	g := polltest.MustReady(t, p)
	require.PanicsWithValue(t, "mutex: Reset of a LockFuture in use", f.Reset)
	*g.Value() = 1
	g.Unlock()
	f.Reset()
	g = polltest.MustReady(t, p)
	require.Equal(t, 1, *g.Value())
	q := polltest.NewPoller(m.Lock())
	polltest.MustPending(t, q)
	g.Unlock()
	f.Reset()
	polltest.MustPending(t, p) // queued behind q: Reset does not overtake
	require.PanicsWithValue(t, "mutex: Reset of a LockFuture in use", f.Reset)
	f.Drop()
	f.Reset()
	polltest.MustReady(t, q).Unlock()
	polltest.MustReady(t, p).Unlock()
	require.Equal(t, 0, mutex.Waiters(m))
}

// TestResetGuardStaysUnlocked: a reused future hands out the same guard
// pointer; between Reset and the next Ready that pointer is unlocked, so a
// kept copy can neither read the value nor release someone else's lock.
func TestResetGuardStaysUnlocked(t *testing.T) {
	m := mutex.New(0)
	f := m.Lock()
	p := polltest.NewPoller[*mutex.Guard[int]](f)
	old := polltest.MustReady(t, p)
	old.Unlock()
	f.Reset()
	require.PanicsWithValue(t, "mutex: Value of unlocked Guard", func() { old.Value() })
	require.PanicsWithValue(t, "mutex: Unlock of unlocked Guard", old.Unlock)
	other, ok := m.TryLock()
	require.True(t, ok, "the stale Unlock must not have touched the mutex")
	q := polltest.NewPoller(m.Lock())
	polltest.MustPending(t, q)
	require.PanicsWithValue(t, "mutex: Unlock of unlocked Guard", old.Unlock)
	other.Unlock()
	polltest.MustReady(t, q).Unlock()

	g := polltest.MustReady(t, p)
	require.Same(t, old, g, "the guard lives in the future")
	*g.Value() = 7
	g.Unlock()
	require.Equal(t, 0, mutex.Waiters(m))
	g2, ok := m.TryLock()
	require.True(t, ok)
	require.Equal(t, 7, *g2.Value())
	g2.Unlock()
}

// TestWaitsForNamesOnlyTheCurrentHolder: the mutex keeps the last Lock
// holder's task token after Unlock (it costs Unlock no store), so a waiter
// must not report it once the lock changed hands: after a TryLock the
// holder is unknown, after a hand-off it is the granted task once it has
// observed the grant.
func TestWaitsForNamesOnlyTheCurrentHolder(t *testing.T) {
	m := mutex.New(0)
	var tokA, tokB taskcx.Token
	a := polltest.NewPoller(m.Lock())
	taskcx.Of(a.Cx).Task = &tokA
	b := polltest.NewPoller(m.Lock())
	taskcx.Of(b.Cx).Task = &tokB
	waitsFor := func() ([]*taskcx.Token, bool) {
		wf, ok := taskcx.Of(b.Cx).WaitingOn.(taskcx.WaitsFor)
		require.True(t, ok, "a Lock future records what it waits for")
		return wf.WaitsFor(nil)
	}

	polltest.MustReady(t, a).Unlock() // A held and released: its token stays behind
	g, ok := m.TryLock()
	require.True(t, ok)
	polltest.MustPending(t, b)
	hs, known := waitsFor()
	require.False(t, known, "TryLock's holder is unknown, not the last Lock holder: %v", hs)
	g.Unlock() // hands the lock to B
	_, known = waitsFor()
	require.False(t, known, "handed over, not yet observed")
	gb := polltest.MustReady(t, b)

	c := polltest.NewPoller(m.Lock())
	polltest.MustPending(t, c)
	wf := taskcx.Of(c.Cx).WaitingOn.(taskcx.WaitsFor)
	hs, known = wf.WaitsFor(nil)
	require.True(t, known)
	require.Equal(t, []*taskcx.Token{&tokB}, hs)
	gb.Unlock()
	polltest.MustReady(t, c).Unlock()
}
