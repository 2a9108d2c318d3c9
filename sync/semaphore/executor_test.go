package semaphore_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/semaphore"
)

// TestExecutorTasksWithGoroutines: tasks on a Local executor acquire 1–3
// of 3 permits while plain goroutines do the same and release from their
// side; some task Acquires lose a select and are dropped. Permits in use
// never exceed the total and all come back.
func TestExecutorTasksWithGoroutines(t *testing.T) {
	const total, tasks, goroutines, iters = 3, 16, 4, 60
	ex := executor.NewLocal()
	defer ex.Close()
	s := semaphore.New(total)
	var inUse atomic.Int32
	use := func(n int) {
		assert.LessOrEqual(t, inUse.Add(int32(n)), int32(total))
		inUse.Add(-int32(n))
	}
	hs := make([]future.Future[future.Result[future.Unit]], tasks)
	for i := range hs {
		hs[i] = executor.Spawn(ex, future.Async(func(co *future.Co) future.Unit {
			for j := 0; j < iters; j++ {
				n := 1 + (i+j)%total
				if j%3 == 0 {
					e := future.Await(co, future.Select2[future.Result[*semaphore.Permit]](s.Acquire(n), future.YieldNow()))
					if r, ok := e.Left(); ok {
						use(n)
						r.Value.Release()
					}
					continue
				}
				r := future.Await[future.Result[*semaphore.Permit]](co, s.Acquire(n))
				use(n)
				future.Await(co, future.YieldNow())
				r.Value.Release()
			}
			return future.Unit{}
		}))
	}
	var wg sync.WaitGroup
	for w := 0; w < goroutines; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < iters; j++ {
				r := polltest.BlockOn[res](s.Acquire(1 + j%2))
				use(1 + j%2)
				r.Value.Release()
			}
		}()
	}
	_, err := executor.Run(ex, future.JoinAll(hs...))
	require.NoError(t, err)
	wg.Wait()
	require.Equal(t, total, s.Available())
}
