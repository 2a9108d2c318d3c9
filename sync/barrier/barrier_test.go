package barrier_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/sync/barrier"
)

type result = barrier.WaitResult

func TestOneLeaderPerGeneration(t *testing.T) {
	b := barrier.New(3)
	for gen := 0; gen < 3; gen++ {
		a, c := newPoller(b.Wait()), newPoller(b.Wait())
		mustPending(t, a)
		mustPending(t, c)
		mustPending(t, a) // re-poll changes nothing
		last := newPoller(b.Wait())
		require.True(t, mustReady(t, last).IsLeader())
		require.Equal(t, 1, a.wakes())
		require.Equal(t, 1, c.wakes())
		require.False(t, mustReady(t, a).IsLeader())
		require.False(t, mustReady(t, c).IsLeader())
		arrived, waiting, g := barrier.State(b)
		require.Equal(t, []any{0, 0, uint64(gen + 1)}, []any{arrived, waiting, g})
	}
}

func TestNewZeroIsOne(t *testing.T) {
	for _, n := range []int{0, 1} {
		b := barrier.New(n)
		require.True(t, mustReady(t, newPoller(b.Wait())).IsLeader())
		require.True(t, mustReady(t, newPoller(b.Wait())).IsLeader())
	}
	require.PanicsWithValue(t, "barrier.New: negative count", func() { barrier.New(-1) })
}

func TestDropBeforeCompletionGivesBackPlace(t *testing.T) {
	b := barrier.New(2)
	a := newPoller(b.Wait())
	mustPending(t, a)
	a.drop()
	a.drop()
	c := newPoller(b.Wait())
	mustPending(t, c) // a's arrival was taken back: c is first, not leader
	d := newPoller(b.Wait())
	require.True(t, mustReady(t, d).IsLeader())
	require.False(t, mustReady(t, c).IsLeader())
	require.Equal(t, 0, a.wakes())
}

func TestDropAfterReleaseIsNoop(t *testing.T) {
	b := barrier.New(2)
	a := newPoller(b.Wait())
	mustPending(t, a)
	require.True(t, mustReady(t, newPoller(b.Wait())).IsLeader())
	a.drop() // released, not observed: the generation stands
	arrived, waiting, g := barrier.State(b)
	require.Equal(t, []any{0, 0, uint64(1)}, []any{arrived, waiting, g})
	c := newPoller(b.Wait())
	mustPending(t, c)
	require.True(t, mustReady(t, newPoller(b.Wait())).IsLeader())
	mustReady(t, c)
}

func TestMisuseBudgetString(t *testing.T) {
	b := barrier.New(2)
	a := newPoller(b.Wait())
	mustPending(t, a)
	require.Equal(t, "barrier.Wait (1 of 2 arrived)", fmt.Sprint(a.cx.WaitingOn()))
	require.Equal(t, "barrier.Barrier (1 of 2 arrived)", b.String())
	l := newPoller(b.Wait())
	l.cx.SetBudget(0)
	mustPending(t, l) // yields before arriving
	require.Equal(t, 1, l.wakes())
	require.Equal(t, 0, a.wakes())
	l.cx.SetBudget(1)
	require.True(t, mustReady(t, l).IsLeader())
	a.cx.SetBudget(0)
	mustPending(t, a) // released, but yields before observing
	a.cx.SetBudget(-1)
	mustReady(t, a)
	require.PanicsWithValue(t, "*barrier.WaitFuture polled after completion", func() { a.poll() })
	f := b.Wait()
	f.Drop()
	require.PanicsWithValue(t, "*barrier.WaitFuture polled after Drop", func() { newPoller[result](f).poll() })
}

// TestDropAtEveryAwait: F is one of three parties with A and B. F is polled
// k times (A arrives before, B after F's first poll) and dropped. If F's
// generation had not completed, its place is given back and a stand-in
// party C must complete it; A and B always get through and there is exactly
// one leader.
func TestDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		b := barrier.New(3)
		a := newPoller(b.Wait())
		mustPending(t, a)
		f := newPoller(b.Wait())
		leaders, finished := 0, false
		var bp *poller[result]
		for i := 0; i < k; i++ {
			if r, ok := f.poll(); ok {
				finished = true
				if r.IsLeader() {
					leaders++
				}
				break
			}
			if bp == nil {
				bp = newPoller(b.Wait())
				r := mustReady(t, bp)
				require.True(t, r.IsLeader())
				leaders++
			}
		}
		f.drop()
		if bp == nil {
			bp = newPoller(b.Wait())
			mustPending(t, bp)
			c := newPoller(b.Wait())
			require.True(t, mustReady(t, c).IsLeader(), "k=%d: a stand-in completes the generation", k)
			leaders++
			require.False(t, mustReady(t, bp).IsLeader())
		}
		require.False(t, mustReady(t, a).IsLeader())
		require.Equal(t, 1, leaders, "k=%d", k)
		arrived, waiting, g := barrier.State(b)
		require.Equal(t, []any{0, 0, uint64(1)}, []any{arrived, waiting, g}, "k=%d", k)
		if finished {
			require.Equal(t, 2, k)
			return
		}
		require.Less(t, k, 10)
	}
}

// TestStressGoroutines: four goroutines meet at the barrier 200 times; each
// generation has exactly one leader.
func TestStressGoroutines(t *testing.T) {
	const parties, rounds = 4, 200
	b := barrier.New(parties)
	var leaders atomic.Int32
	var wg sync.WaitGroup
	for p := 0; p < parties; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				if blockOn[result](b.Wait()).IsLeader() {
					leaders.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	require.Equal(t, int32(rounds), leaders.Load())
	_, _, g := barrier.State(b)
	require.Equal(t, uint64(rounds), g)
}
