package workloads_test

import (
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/bench/workloads"
	"github.com/kettle-rt/kettle/executor"
)

// TestNoBlockingReportsOversubscribed runs every Kettle workload at its quick
// size with the blocking detector on (its default threshold) while four
// busy goroutines per core compete for the CPU, and requires that the
// detector reports nothing: it must measure poll time, not time the worker
// spent descheduled. The memory rows are left out: their main task runs a
// GC inside one poll on purpose. It takes minutes, so it runs only when
// KETTLE_BLOCKING_CHECK is set.
func TestNoBlockingReportsOversubscribed(t *testing.T) {
	if os.Getenv("KETTLE_BLOCKING_CHECK") == "" {
		t.Skip("set KETTLE_BLOCKING_CHECK=1 to run (a few minutes)")
	}
	stop := make(chan struct{})
	var busy sync.WaitGroup
	for range 4 * runtime.GOMAXPROCS(0) {
		busy.Add(1)
		go func() {
			defer busy.Done()
			for {
				select {
				case <-stop:
					return
				default:
					for i := 0; i < 1e5; i++ {
					}
				}
			}
		}()
	}
	defer func() { close(stop); busy.Wait() }()
	for _, w := range workloads.All() {
		if w.Unit == "B/task" {
			// The memory rows measure with runtime.GC and ReadMemStats
			// inside the main task's poll: a poll that really is long.
			continue
		}
		for _, multi := range []bool{false, true} {
			var reports atomic.Int64
			opts := []executor.Option{
				executor.StallAfter(0),
				executor.BlockingReporter(func(r executor.BlockingReport) {
					reports.Add(1)
					t.Logf("%s (multi=%v): %v", w.Name, multi, r)
				}),
			}
			var ex executor.Executor
			var closeEx func() error
			if multi {
				m := executor.NewMulti(append(opts, executor.Workers(runtime.GOMAXPROCS(0)))...)
				ex, closeEx = m, m.Close
			} else {
				l := executor.NewLocal(opts...)
				ex, closeEx = l, l.Close
			}
			_, err := w.Kettle(ex, w.Sizes.Quick)
			require.NoError(t, err, w.Name)
			require.NoError(t, closeEx())
			require.Zero(t, reports.Load(), "%s (multi=%v): blocking reports under oversubscription", w.Name, multi)
		}
	}
}
