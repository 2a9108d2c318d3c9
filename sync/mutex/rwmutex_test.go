package mutex_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/sync/mutex"
)

type rguard = *mutex.ReadGuard[int]
type wguard = *mutex.WriteGuard[int]

func TestRWReadersShareWriterPreferred(t *testing.T) {
	rw := mutex.NewRW(7)
	r1, r2 := newPoller(rw.Read()), newPoller(rw.Read())
	g1, g2 := mustReady(t, r1), mustReady(t, r2)
	require.Equal(t, 7, *g1.Value()+*g2.Value()-7)
	w := newPoller(rw.Write())
	mustPending(t, w)
	// Write preference: a reader arriving after a waiting writer queues.
	r3 := newPoller(rw.Read())
	mustPending(t, r3)
	_, ok := rw.TryRead()
	require.False(t, ok)
	_, ok = rw.TryWrite()
	require.False(t, ok)
	g1.Unlock()
	require.Equal(t, 0, w.wakes())
	g2.Unlock()
	require.Equal(t, 1, w.wakes())
	require.Equal(t, 0, r3.wakes())
	gw := mustReady(t, w)
	*gw.Value() = 8
	mustPending(t, r3)
	gw.Unlock()
	require.Equal(t, 1, r3.wakes())
	g3 := mustReady(t, r3)
	require.Equal(t, 8, *g3.Value())
	g3.Unlock()
	readers, writer, waiting := mutex.RWState(rw)
	require.Equal(t, [3]any{0, false, 0}, [3]any{readers, writer, waiting})
}

func TestRWGrantsReaderBatchUpToWriter(t *testing.T) {
	rw := mutex.NewRW(0)
	hw, ok := rw.TryWrite()
	require.True(t, ok)
	r1, r2 := newPoller(rw.Read()), newPoller(rw.Read())
	w2 := newPoller(rw.Write())
	r3 := newPoller(rw.Read())
	for _, p := range []*poller[rguard]{r1, r2} {
		mustPending(t, p)
	}
	mustPending(t, w2)
	mustPending(t, r3)
	hw.Unlock()
	require.Equal(t, []int{1, 1, 0, 0}, []int{r1.wakes(), r2.wakes(), w2.wakes(), r3.wakes()})
	g1, g2 := mustReady(t, r1), mustReady(t, r2)
	g1.Unlock()
	require.Equal(t, 0, w2.wakes())
	g2.Unlock()
	require.Equal(t, 1, w2.wakes())
	mustReady(t, w2).Unlock()
	require.Equal(t, 1, r3.wakes())
	mustReady(t, r3).Unlock()
}

func TestRWDropQueuedWriterLetsReadersIn(t *testing.T) {
	rw := mutex.NewRW(0)
	r0 := mustReady(t, newPoller(rw.Read()))
	w := newPoller(rw.Write())
	mustPending(t, w)
	r1 := newPoller(rw.Read())
	mustPending(t, r1)
	w.drop()
	require.Equal(t, 1, r1.wakes(), "the reader behind the dropped writer gets in")
	mustReady(t, r1).Unlock()
	r0.Unlock()
	g, ok := rw.TryWrite()
	require.True(t, ok)
	g.Unlock()
}

func TestRWDropGranted(t *testing.T) {
	rw := mutex.NewRW(0)
	hw, _ := rw.TryWrite()
	w := newPoller(rw.Write())
	r := newPoller(rw.Read())
	mustPending(t, w)
	mustPending(t, r)
	hw.Unlock() // granted to w
	require.Equal(t, 1, w.wakes())
	w.drop() // passes on to r
	require.Equal(t, 1, r.wakes())
	w2 := newPoller(rw.Write())
	mustPending(t, w2)
	r.drop() // granted read hold released: w2 gets it
	require.Equal(t, 1, w2.wakes())
	mustReady(t, w2).Unlock()
	readers, writer, waiting := mutex.RWState(rw)
	require.Equal(t, [3]any{0, false, 0}, [3]any{readers, writer, waiting})
}

func TestRWMisuseAndStrings(t *testing.T) {
	rw := mutex.NewRW(0, mutex.Name("pantry"))
	wp := newPoller(rw.Write())
	wp.cx.SetTaskName("restock")
	gw := mustReady(t, wp)
	require.PanicsWithValue(t, "*mutex.WriteFuture[int] polled after completion", func() { wp.poll() })
	r := newPoller(rw.Read())
	mustPending(t, r)
	require.Equal(t, `mutex.Read of "pantry" held by task "restock"`, fmt.Sprint(r.cx.WaitingOn()))
	gw.Unlock()
	require.PanicsWithValue(t, "mutex: Unlock of unlocked WriteGuard", gw.Unlock)
	require.PanicsWithValue(t, "mutex: Value of unlocked WriteGuard", func() { gw.Value() })
	gr := mustReady(t, r)
	w := newPoller(rw.Write())
	mustPending(t, w)
	require.Equal(t, `mutex.Write of "pantry" held by 1 reader`, fmt.Sprint(w.cx.WaitingOn()))
	w.drop()
	w.drop()
	require.PanicsWithValue(t, "*mutex.WriteFuture[int] polled after Drop", func() { w.poll() })
	gr.Unlock()
	require.PanicsWithValue(t, "mutex: Unlock of unlocked ReadGuard", gr.Unlock)
	require.PanicsWithValue(t, "mutex: Value of unlocked ReadGuard", func() { gr.Value() })
	rf := rw.Read()
	rf.Drop()
	require.PanicsWithValue(t, "*mutex.ReadFuture[int] polled after Drop", func() { newPoller[rguard](rf).poll() })
}

// TestRWDropAtEveryAwait drops a writer W, waiting behind a reader and
// another writer, at every await; a reader queued behind W must get through
// and the lock must end free.
func TestRWDropAtEveryAwait(t *testing.T) {
	for k := 0; ; k++ {
		rw := mutex.NewRW(0)
		r0, _ := rw.TryRead()
		w1 := newPoller(rw.Write())
		mustPending(t, w1)
		f := newPoller(rw.Write())
		var r2 *poller[rguard]
		finished := false
		for i := 0; i < k; i++ {
			if g, ok := f.poll(); ok {
				*g.Value() += 100
				g.Unlock()
				finished = true
				break
			}
			if r2 == nil {
				r2 = newPoller(rw.Read())
				mustPending(t, r2)
			}
			switch i {
			case 0:
				r0.Unlock()
				r0 = nil
			case 1:
				g := mustReady(t, w1)
				*g.Value()++
				g.Unlock()
				w1 = nil
			}
		}
		f.drop()
		if r0 != nil {
			r0.Unlock()
		}
		if w1 != nil {
			g := mustReady(t, w1)
			*g.Value()++
			g.Unlock()
		}
		if r2 != nil {
			mustReady(t, r2).Unlock()
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
					g := blockOn[*mutex.WriteGuard[pair]](rw.Write())
					v := g.Value()
					v.a++
					v.b++
					g.Unlock()
					continue
				}
				f := rw.Read()
				if i%7 == 0 {
					p := newPoller[*mutex.ReadGuard[pair]](f)
					if g, ok := p.poll(); ok {
						g.Unlock()
					} else {
						f.Drop()
					}
					continue
				}
				g := blockOn[*mutex.ReadGuard[pair]](f)
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
