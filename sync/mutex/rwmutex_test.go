package mutex_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/sync/mutex"
)

type rguard = *mutex.ReadGuard[int]

func TestRWReadersShareWriterPreferred(t *testing.T) {
	rw := mutex.NewRW(7)
	r1, r2 := polltest.NewPoller(rw.Read()), polltest.NewPoller(rw.Read())
	g1, g2 := polltest.MustReady(t, r1), polltest.MustReady(t, r2)
	require.Equal(t, 7, *g1.Value()+*g2.Value()-7)
	w := polltest.NewPoller(rw.Write())
	polltest.MustPending(t, w)
	// Write preference: a reader arriving after a waiting writer queues.
	r3 := polltest.NewPoller(rw.Read())
	polltest.MustPending(t, r3)
	_, ok := rw.TryRead()
	require.False(t, ok)
	_, ok = rw.TryWrite()
	require.False(t, ok)
	g1.Unlock()
	require.Equal(t, 0, w.Wakes())
	g2.Unlock()
	require.Equal(t, 1, w.Wakes())
	require.Equal(t, 0, r3.Wakes())
	gw := polltest.MustReady(t, w)
	*gw.Value() = 8
	polltest.MustPending(t, r3)
	gw.Unlock()
	require.Equal(t, 1, r3.Wakes())
	g3 := polltest.MustReady(t, r3)
	require.Equal(t, 8, *g3.Value())
	g3.Unlock()
	readers, writer, waiting := mutex.RWState(rw)
	require.Equal(t, [3]any{0, false, 0}, [3]any{readers, writer, waiting})
}

func TestRWGrantsReaderBatchUpToWriter(t *testing.T) {
	rw := mutex.NewRW(0)
	hw, ok := rw.TryWrite()
	require.True(t, ok)
	r1, r2 := polltest.NewPoller(rw.Read()), polltest.NewPoller(rw.Read())
	w2 := polltest.NewPoller(rw.Write())
	r3 := polltest.NewPoller(rw.Read())
	for _, p := range []*polltest.Poller[rguard]{r1, r2} {
		polltest.MustPending(t, p)
	}
	polltest.MustPending(t, w2)
	polltest.MustPending(t, r3)
	hw.Unlock()
	require.Equal(t, []int{1, 1, 0, 0}, []int{r1.Wakes(), r2.Wakes(), w2.Wakes(), r3.Wakes()})
	g1, g2 := polltest.MustReady(t, r1), polltest.MustReady(t, r2)
	g1.Unlock()
	require.Equal(t, 0, w2.Wakes())
	g2.Unlock()
	require.Equal(t, 1, w2.Wakes())
	polltest.MustReady(t, w2).Unlock()
	require.Equal(t, 1, r3.Wakes())
	polltest.MustReady(t, r3).Unlock()
}

func TestRWDropQueuedWriterLetsReadersIn(t *testing.T) {
	rw := mutex.NewRW(0)
	r0 := polltest.MustReady(t, polltest.NewPoller(rw.Read()))
	w := polltest.NewPoller(rw.Write())
	polltest.MustPending(t, w)
	r1 := polltest.NewPoller(rw.Read())
	polltest.MustPending(t, r1)
	w.Drop()
	require.Equal(t, 1, r1.Wakes(), "the reader behind the dropped writer gets in")
	polltest.MustReady(t, r1).Unlock()
	r0.Unlock()
	g, ok := rw.TryWrite()
	require.True(t, ok)
	g.Unlock()
}

func TestRWDropGranted(t *testing.T) {
	rw := mutex.NewRW(0)
	hw, _ := rw.TryWrite()
	w := polltest.NewPoller(rw.Write())
	r := polltest.NewPoller(rw.Read())
	polltest.MustPending(t, w)
	polltest.MustPending(t, r)
	hw.Unlock() // granted to w
	require.Equal(t, 1, w.Wakes())
	w.Drop() // passes on to r
	require.Equal(t, 1, r.Wakes())
	w2 := polltest.NewPoller(rw.Write())
	polltest.MustPending(t, w2)
	r.Drop() // granted read hold released: w2 gets it
	require.Equal(t, 1, w2.Wakes())
	polltest.MustReady(t, w2).Unlock()
	readers, writer, waiting := mutex.RWState(rw)
	require.Equal(t, [3]any{0, false, 0}, [3]any{readers, writer, waiting})
}

func TestRWMisuseAndStrings(t *testing.T) {
	rw := mutex.NewRW(0, mutex.Name("pantry"))
	wp := polltest.NewPoller(rw.Write())
	taskcx.Of(wp.Cx).TaskName = "restock"
	gw := polltest.MustReady(t, wp)
	require.PanicsWithValue(t, "*mutex.WriteFuture[int] polled after completion", func() { wp.Poll() })
	r := polltest.NewPoller(rw.Read())
	polltest.MustPending(t, r)
	require.Equal(t, `mutex.Read of "pantry" held by task "restock"`, fmt.Sprint(taskcx.Of(r.Cx).WaitingOn))
	gw.Unlock()
	require.PanicsWithValue(t, "mutex: Unlock of unlocked WriteGuard", gw.Unlock)
	require.PanicsWithValue(t, "mutex: Value of unlocked WriteGuard", func() { gw.Value() })
	gr := polltest.MustReady(t, r)
	w := polltest.NewPoller(rw.Write())
	polltest.MustPending(t, w)
	require.Equal(t, `mutex.Write of "pantry" held by 1 reader`, fmt.Sprint(taskcx.Of(w.Cx).WaitingOn))
	w.Drop()
	w.Drop()
	require.PanicsWithValue(t, "*mutex.WriteFuture[int] polled after Drop", func() { w.Poll() })
	gr.Unlock()
	require.PanicsWithValue(t, "mutex: Unlock of unlocked ReadGuard", gr.Unlock)
	require.PanicsWithValue(t, "mutex: Value of unlocked ReadGuard", func() { gr.Value() })
	rf := rw.Read()
	rf.Drop()
	require.PanicsWithValue(t, "*mutex.ReadFuture[int] polled after Drop", func() { polltest.NewPoller[rguard](rf).Poll() })
}

// TestRWDropAtEveryAwait drops a writer W, waiting behind a reader and
// another writer, at every await; a reader queued behind W must get through
// and the lock must end free.
func TestRWDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		rw := mutex.NewRW(0)
		r0, _ := rw.TryRead()
		w1 := polltest.NewPoller(rw.Write())
		polltest.MustPending(t, w1)
		f := polltest.NewPoller(rw.Write())
		var r2 *polltest.Poller[rguard]
		finished := false
		for i := 0; i < k; i++ {
			if g, ok := f.Poll(); ok {
				*g.Value() += 100
				g.Unlock()
				finished = true
				break
			}
			if r2 == nil {
				r2 = polltest.NewPoller(rw.Read())
				polltest.MustPending(t, r2)
			}
			switch i {
			case 0:
				r0.Unlock()
				r0 = nil
			case 1:
				g := polltest.MustReady(t, w1)
				*g.Value()++
				g.Unlock()
				w1 = nil
			}
		}
		f.Drop()
		if r0 != nil {
			r0.Unlock()
		}
		if w1 != nil {
			g := polltest.MustReady(t, w1)
			*g.Value()++
			g.Unlock()
		}
		if r2 != nil {
			polltest.MustReady(t, r2).Unlock()
		}
		g, ok := rw.TryWrite()
		require.True(t, ok, "k=%d", k)
		want := 1
		if finished {
			want = 101
		}
		require.Equal(t, want, *g.Value(), "k=%d", k)
		g.Unlock()
		if finished {
			return
		}
		require.Less(t, k, 10)
	}
}

// TestRWStressGoroutines: writers keep two fields equal; readers check it.
func TestRWStressGoroutines(t *testing.T) {
	type pair struct{ a, b int }
	rw := mutex.NewRW(pair{})
	var wg sync.WaitGroup
	const iters = 200
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				if (w+i)%3 == 0 {
					g := polltest.BlockOn[*mutex.WriteGuard[pair]](rw.Write())
					v := g.Value()
					v.a++
					v.b++
					g.Unlock()
					continue
				}
				f := rw.Read()
				if i%7 == 0 {
					p := polltest.NewPoller[*mutex.ReadGuard[pair]](f)
					if g, ok := p.Poll(); ok {
						g.Unlock()
					} else {
						f.Drop()
					}
					continue
				}
				g := polltest.BlockOn[*mutex.ReadGuard[pair]](f)
				v := *g.Value()
				assert.Equal(t, v.a, v.b)
				g.Unlock()
			}
		}()
	}
	wg.Wait()
	g, ok := rw.TryWrite()
	require.True(t, ok)
	require.Equal(t, g.Value().a, g.Value().b)
	require.Equal(t, 6*iters/3, g.Value().a)
	g.Unlock()
}
