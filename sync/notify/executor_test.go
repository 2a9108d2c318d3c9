package notify_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/notify"
)

// TestExecutorFedByGoroutines: plain goroutines produce items and
// NotifyOne; one task on a Local executor consumes them, waiting on
// Notified between batches (sometimes racing it against a yield, so that
// chosen futures get dropped and must pass their notification on). It must
// see every item: no lost wake-up.
func TestExecutorFedByGoroutines(t *testing.T) {
	const producers, each = 4, 200
	ex := executor.NewLocal()
	defer ex.Close()
	n := notify.New()
	var produced, consumed atomic.Int64
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				produced.Add(1)
				n.NotifyOne()
			}
		}()
	}
	consumer := future.Async(func(co *future.Co) int64 {
		for round := 0; ; round++ {
			woken := n.Notified()
			if c := produced.Load(); c > consumed.Load() {
				consumed.Store(c)
			}
			if consumed.Load() == producers*each {
				woken.Drop()
				return consumed.Load()
			}
			if round%3 == 0 {
				future.Await(co, future.Select2[future.Unit](woken, future.YieldNow()))
				continue
			}
			future.Await[future.Unit](co, woken)
		}
	})
	got, err := executor.Run(ex, consumer)
	require.NoError(t, err)
	require.Equal(t, int64(producers*each), got)
	wg.Wait()
}
