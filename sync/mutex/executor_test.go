package mutex_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/mutex"
)

// TestExecutorTasksWithGoroutines: tasks on a Local executor and plain
// goroutines share one Mutex; goroutine Unlocks hand the lock to tasks
// (waking them from another goroutine) and vice versa. Some tasks race
// their Lock against a YieldNow and drop it when they lose.
func TestExecutorTasksWithGoroutines(t *testing.T) {
	const tasks, goroutines, iters = 20, 4, 100
	ex := executor.NewLocal()
	defer ex.Close()
	m := mutex.New(0, mutex.Name("counter"))
	var counted sync.Map
	hs := make([]future.Future[future.Result[int]], tasks)
	for i := range hs {
		hs[i] = executor.Spawn(ex, future.Async(func(co *future.Co) int {
			n := 0
			for j := 0; j < iters; j++ {
				if (i+j)%4 == 0 {
					// Select a Lock against a yield: the loser is
					// dropped, whatever state it was in.
					e := future.Await(co, future.Select2[*mutex.Guard[int]](m.Lock(), future.YieldNow()))
					if g, ok := e.Left(); ok {
						*g.Value()++
						n++
						g.Unlock()
					}
					continue
				}
				g := future.Await[*mutex.Guard[int]](co, m.Lock())
				*g.Value()++
				n++
				future.Await(co, future.YieldNow()) // hold across a yield: contention
				g.Unlock()
			}
			return n
		}), executor.Name("task"))
	}
	var wg sync.WaitGroup
	for w := 0; w < goroutines; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < iters; j++ {
				g := polltest.BlockOn[*mutex.Guard[int]](m.Lock())
				*g.Value()++
				g.Unlock()
			}
			counted.Store(w, iters)
		}()
	}
	out, err := executor.Run(ex, future.JoinAll(hs...))
	require.NoError(t, err)
	wg.Wait()
	total := goroutines * iters
	for _, r := range out {
		require.NoError(t, r.Err)
		total += r.Value
	}
	g, ok := m.TryLock()
	require.True(t, ok)
	require.Equal(t, total, *g.Value())
	g.Unlock()
}
