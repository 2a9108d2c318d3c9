package executor

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// orderProbe records its name at every poll; it is Pending until woken
// once (keeping its waker in w), or Ready at once when ready is set.
type orderProbe struct {
	name  string
	log   *[]string
	ready bool
	w     *waker.Waker
}

func (p *orderProbe) Poll(cx *future.Context) future.Poll[int] {
	*p.log = append(*p.log, p.name)
	if p.ready || p.w == nil {
		return future.Ready(0)
	}
	if *p.w == (waker.Waker{}) {
		*p.w = cx.Waker()
		return future.Pending[int]()
	}
	return future.Ready(0)
}

// TestLocalDrainWokenBeforeSpawned: what one poll wakes and spawns runs
// after it, the woken tasks first (each inject queue in its own order),
// as the Local's doc says.
func TestLocalDrainWokenBeforeSpawned(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	var log []string
	var wy, wz waker.Waker
	Spawn(e, future.Future[int](&orderProbe{name: "y", log: &log, w: &wy}))
	Spawn(e, future.Future[int](&orderProbe{name: "z", log: &log, w: &wz}))
	e.RunUntilStalled()
	require.Equal(t, []string{"y", "z"}, log)

	log = nil
	Spawn(e, future.Lazy(func() int {
		log = append(log, "a")
		Spawn(e, future.Future[int](&orderProbe{name: "x1", log: &log, ready: true}))
		wz.Wake()
		Spawn(e, future.Future[int](&orderProbe{name: "x2", log: &log, ready: true}))
		wy.Wake()
		return 0
	}))
	e.RunUntilStalled()
	require.Equal(t, []string{"a", "z", "y", "x1", "x2"}, log)
}

// TestLocalRequeueGoesAheadOfItsWakes: a task that wakes itself during
// its poll runs again behind the tasks already queued, but ahead of the
// task it woke during that poll (the loop looks at its inject queues
// right after the requeue), as a consumer that used up its budget runs
// again before the producers it made room for.
func TestLocalRequeueGoesAheadOfItsWakes(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	var log []string
	var wc waker.Waker
	Spawn(e, future.Future[int](&orderProbe{name: "c", log: &log, w: &wc}))
	e.RunUntilStalled()
	require.Equal(t, []string{"c"}, log)

	log = nil
	polled := false
	Spawn(e, future.PollFn(func(cx *future.Context) future.Poll[int] {
		if polled {
			log = append(log, "a again")
			return future.Ready(0)
		}
		polled = true
		log = append(log, "a")
		wc.Wake()         // c,
		cx.Waker().Wake() // then a itself
		return future.Pending[int]()
	}))
	Spawn(e, future.Future[int](&orderProbe{name: "d", log: &log, ready: true}))
	e.RunUntilStalled()
	require.Equal(t, []string{"a", "d", "a again", "c"}, log)
}

// TestLocalSpawnsFromGoroutines: goroutines spawn onto a Local while its
// loop runs; every task runs once with its value, the numbers are 1..n,
// each given once and increasing along each spawner's spawns, and
// Metrics counts them all.
func TestLocalSpawnsFromGoroutines(t *testing.T) {
	const spawners, per = 4, 2000
	e := NewLocal()
	defer e.Close()
	var ran atomic.Int64
	hs := make([][]*JoinHandle[int], spawners)
	var wg sync.WaitGroup
	for p := range hs {
		hs[p] = make([]*JoinHandle[int], per)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range hs[p] {
				hs[p][i] = Spawn(e, future.Lazy(func() int { ran.Add(1); return p*per + i }))
			}
		}()
	}
	for ran.Load() < spawners*per {
		e.RunUntilStalled()
		runtime.Gosched()
	}
	wg.Wait()
	e.RunUntilStalled()
	require.Equal(t, int64(spawners*per), ran.Load(), "each task ran once")
	seen := make(map[uint32]bool)
	for p := range hs {
		last := uint32(0)
		for i, h := range hs[p] {
			require.True(t, h.IsFinished())
			require.Equal(t, future.Result[int]{Value: p*per + i}, h.result())
			id := h.hdr.id
			require.Greater(t, id, last, "spawner %d's tasks numbered in its spawn order", p)
			require.False(t, seen[id], "number %d given twice", id)
			seen[id] = true
			last = id
		}
	}
	require.Len(t, seen, spawners*per)
	for id := range seen {
		require.LessOrEqual(t, id, uint32(spawners*per))
	}
	require.Equal(t, uint64(spawners*per), e.Metrics().TasksSpawned)
}
