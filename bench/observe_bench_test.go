package bench

import (
	"testing"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// BenchmarkRunUntilStalledEmpty: one RunUntilStalled on a Local with
// nothing ready, the call a host makes every game tick. Target (issue
// #12): <= 100 ns, no allocation.
func BenchmarkRunUntilStalledEmpty(b *testing.B) {
	ex := executor.NewLocal(executor.BlockingThreshold(0))
	defer ex.Close()
	// A parked task and an armed timer: the executor is not trivially empty.
	executor.Spawn(ex, future.Never[int]())
	b.ReportAllocs()
	for b.Loop() {
		if ex.RunUntilStalled() > 1 {
			b.Fatal("unexpected polls")
		}
	}
}

// BenchmarkMetricsLocal and BenchmarkMetricsMulti: a Metrics snapshot
// taken from a goroutine that is not the executor's, while its tasks are
// parked. Target (issue #12): <= 1 µs.
func BenchmarkMetricsLocal(b *testing.B) {
	ex := executor.NewLocal(executor.BlockingThreshold(0))
	defer ex.Close()
	executor.Spawn(ex, future.Never[int]())
	ex.RunUntilStalled()
	b.ReportAllocs()
	for b.Loop() {
		if ex.Metrics().TasksSpawned != 1 {
			b.Fatal("wrong count")
		}
	}
}

func BenchmarkMetricsMulti(b *testing.B) {
	ex := executor.NewMulti(executor.Workers(2), executor.BlockingThreshold(0))
	defer ex.Close()
	executor.Spawn(ex, future.Never[int]())
	time.Sleep(time.Millisecond)
	b.ReportAllocs()
	for b.Loop() {
		if ex.Metrics().TasksSpawned != 1 {
			b.Fatal("wrong count")
		}
	}
}
