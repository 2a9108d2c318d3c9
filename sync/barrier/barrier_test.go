package barrier_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/barrier"
)

type result = barrier.WaitResult

func TestOneLeaderPerGeneration(t *testing.T) {
	b := barrier.New(3)
	for gen := 0; gen < 3; gen++ {
		a, c := polltest.NewPoller(b.Wait()), polltest.NewPoller(b.Wait())
		polltest.MustPending(t, a)
		polltest.MustPending(t, c)
		polltest.MustPending(t, a) // re-poll changes nothing
		last := polltest.NewPoller(b.Wait())
		require.True(t, polltest.MustReady(t, last).IsLeader())
		require.Equal(t, 1, a.Wakes())
		require.Equal(t, 1, c.Wakes())
		require.False(t, polltest.MustReady(t, a).IsLeader())
		require.False(t, polltest.MustReady(t, c).IsLeader())
		arrived, waiting, g := barrier.State(b)
		require.Equal(t, []any{0, 0, uint64(gen + 1)}, []any{arrived, waiting, g})
	}
}

func TestNewZeroIsOne(t *testing.T) {
	for _, n := range []int{0, 1} {
		b := barrier.New(n)
		require.True(t, polltest.MustReady(t, polltest.NewPoller(b.Wait())).IsLeader())
		require.True(t, polltest.MustReady(t, polltest.NewPoller(b.Wait())).IsLeader())
	}
	require.PanicsWithValue(t, "barrier.New: negative count", func() { barrier.New(-1) })
}

func TestDropBeforeCompletionGivesBackPlace(t *testing.T) {
	b := barrier.New(2)
	a := polltest.NewPoller(b.Wait())
	polltest.MustPending(t, a)
	a.Drop()
	a.Drop()
	c := polltest.NewPoller(b.Wait())
	polltest.MustPending(t, c) // a's arrival was taken back: c is first, not leader
	d := polltest.NewPoller(b.Wait())
	require.True(t, polltest.MustReady(t, d).IsLeader())
	require.False(t, polltest.MustReady(t, c).IsLeader())
	require.Equal(t, 0, a.Wakes())
}

func TestDropAfterReleaseIsNoop(t *testing.T) {
	b := barrier.New(2)
	a := polltest.NewPoller(b.Wait())
	polltest.MustPending(t, a)
	require.True(t, polltest.MustReady(t, polltest.NewPoller(b.Wait())).IsLeader())
	a.Drop() // released, not observed: the generation stands
	arrived, waiting, g := barrier.State(b)
	require.Equal(t, []any{0, 0, uint64(1)}, []any{arrived, waiting, g})
	c := polltest.NewPoller(b.Wait())
	polltest.MustPending(t, c)
	require.True(t, polltest.MustReady(t, polltest.NewPoller(b.Wait())).IsLeader())
	polltest.MustReady(t, c)
}

func TestMisuseBudgetString(t *testing.T) {
	b := barrier.New(2)
	a := polltest.NewPoller(b.Wait())
	polltest.MustPending(t, a)
	require.Equal(t, "barrier.Wait (1 of 2 arrived)", fmt.Sprint(taskcx.Of(a.Cx).WaitingOn))
	require.Equal(t, "barrier.Barrier (1 of 2 arrived)", b.String())
	l := polltest.NewPoller(b.Wait())
	taskcx.Of(l.Cx).Budget = 0
	polltest.MustPending(t, l) // yields before arriving
	require.Equal(t, 1, l.Wakes())
	require.Equal(t, 0, a.Wakes())
	taskcx.Of(l.Cx).Budget = 1
	require.True(t, polltest.MustReady(t, l).IsLeader())
	taskcx.Of(a.Cx).Budget = 0
	polltest.MustPending(t, a) // released, but yields before observing
	taskcx.Of(a.Cx).Budget = -1
	polltest.MustReady(t, a)
	require.PanicsWithValue(t, "*barrier.WaitFuture polled after completion", func() { a.Poll() })
	f := b.Wait()
	f.Drop()
	require.PanicsWithValue(t, "*barrier.WaitFuture polled after Drop", func() { polltest.NewPoller[result](f).Poll() })
}

// TestDropAtEveryAwait: F is one of three parties with A and B. F is polled
// k times (A arrives before, B after F's first poll) and dropped. If F's
// generation had not completed, its place is given back and a stand-in
// party C must complete it; A and B always get through and there is exactly
// one leader.
func TestDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		b := barrier.New(3)
		a := polltest.NewPoller(b.Wait())
		polltest.MustPending(t, a)
		f := polltest.NewPoller(b.Wait())
		leaders, finished := 0, false
		var bp *polltest.Poller[result]
		for i := 0; i < k; i++ {
			if r, ok := f.Poll(); ok {
				finished = true
				if r.IsLeader() {
					leaders++
				}
				break
			}
			if bp == nil {
				bp = polltest.NewPoller(b.Wait())
				r := polltest.MustReady(t, bp)
				require.True(t, r.IsLeader())
				leaders++
			}
		}
		f.Drop()
		if bp == nil {
			bp = polltest.NewPoller(b.Wait())
			polltest.MustPending(t, bp)
			c := polltest.NewPoller(b.Wait())
			require.True(t, polltest.MustReady(t, c).IsLeader(), "k=%d: a stand-in completes the generation", k)
			leaders++
			require.False(t, polltest.MustReady(t, bp).IsLeader())
		}
		require.False(t, polltest.MustReady(t, a).IsLeader())
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
				if polltest.BlockOn[result](b.Wait()).IsLeader() {
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
