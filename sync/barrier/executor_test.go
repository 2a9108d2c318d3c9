package barrier_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/barrier"
)

// TestExecutorTasksAndGoroutines: two tasks on a Local executor and two
// plain goroutines meet at one barrier for 100 generations; the goroutines
// release the tasks from another thread and vice versa. Exactly one leader
// per generation.
func TestExecutorTasksAndGoroutines(t *testing.T) {
	const rounds = 100
	ex := executor.NewLocal()
	defer ex.Close()
	b := barrier.New(4)
	var leaders atomic.Int32
	party := func() future.Future[future.Unit] {
		return future.Async(func(co *future.Co) future.Unit {
			for i := 0; i < rounds; i++ {
				if future.Await[barrier.WaitResult](co, b.Wait()).IsLeader() {
					leaders.Add(1)
				}
			}
			return future.Unit{}
		})
	}
	var wg sync.WaitGroup
	for g := 0; g < 2; g++ {
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
	_, err := executor.Run(ex, future.Join2(party(), party()))
	require.NoError(t, err)
	wg.Wait()
	require.Equal(t, int32(rounds), leaders.Load())
}
