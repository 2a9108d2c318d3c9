package bench

import (
	"sync/atomic"
	"testing"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// alwaysReady is ready at every poll: one value a loop may Run again and
// again.
type alwaysReady struct{}

func (*alwaysReady) Poll(*future.Context) future.Poll[int] { return future.Ready(1) }

// BenchmarkMultiRunFromOutside: a goroutine calls Run on a Multi(2) in a
// loop, as synchronous code calling into async code does; idle: the
// workers have nothing else to do; busy: one worker spins inside a poll
// meanwhile, so Run must also tell its caller from its workers.
func BenchmarkMultiRunFromOutside(b *testing.B) {
	for _, busy := range []bool{false, true} {
		name := "idle"
		if busy {
			name = "busy"
		}
		b.Run(name, func(b *testing.B) { runFromOutside(b, busy) })
	}
}

func runFromOutside(b *testing.B, busyWorker bool) {
	m := executor.NewMulti(executor.Workers(2), executor.BlockingThreshold(0), executor.StallAfter(0))
	defer func() { _ = m.Close() }()
	var stop, started atomic.Bool
	var busy *executor.JoinHandle[int]
	if busyWorker {
		busy = executor.Spawn(m, future.PollFn(func(*future.Context) future.Poll[int] {
			started.Store(true)
			for !stop.Load() { // keeps one worker inside this poll
			}
			return future.Ready(0)
		}))
		for !started.Load() {
		}
	}
	ready := future.Future[int](&alwaysReady{})
	for b.Loop() {
		if _, err := executor.Run(m, ready); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	stop.Store(true)
	for busy != nil && !busy.IsFinished() {
	}
}
