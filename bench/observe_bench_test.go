package bench

import (
	"testing"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/oneshot"
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

// BenchmarkPollWindow: the pingpong of BenchmarkWakeRepoll (two tasks
// waking each other on a Local: one wake and one poll per op) with the
// blocking detector on, as users run it ("default": one atomic store per
// poll, executor/poll_watch.go), and off ("off": BlockingThreshold(0)).
// The difference is what the detector costs a poll.
func BenchmarkPollWindow(b *testing.B) {
	for _, c := range []struct {
		name string
		opts []executor.Option
	}{
		{"default", nil},
		{"off", []executor.Option{executor.BlockingThreshold(0)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			ex := executor.NewLocal(c.opts...)
			defer ex.Close()
			runWakePingPong(b, ex)
		})
	}
}

// BenchmarkRunReady: one Run of a future that is ready at its first poll
// on a Local, with the blocking detector at its default (on) and off: what
// a program that calls Run for each small job pays. With the detector on a
// Run arms and disarms its watchdog, and parses no goroutine id unless the
// loop turns to its timers or parks (Local.learnLoopGoroutine).
func BenchmarkRunReady(b *testing.B) {
	for _, c := range []struct {
		name string
		opts []executor.Option
	}{{"detector=on", nil}, {"detector=off", []executor.Option{executor.BlockingThreshold(0)}}} {
		b.Run(c.name, func(b *testing.B) {
			ex := executor.NewLocal(c.opts...)
			defer ex.Close()
			f := func() int { return 1 }
			b.ReportAllocs()
			for b.Loop() {
				if v, err := executor.Run(ex, future.Lazy(f)); err != nil || v != 1 {
					b.Fatal(v, err)
				}
			}
		})
	}
}

// BenchmarkBlockOnParked: goroutine code bridging to async code, one
// BlockOn of a oneshot receive that a goroutine completes, so the loop
// parks once (blocking detector on, as BlockOn always has it): the Run
// neither parses its goroutine id nor pays more than the park and the
// hand-off (about 9.5 µs when every parking Run parsed it, 1.6 µs now).
func BenchmarkBlockOnParked(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		tx, rx := oneshot.New[int]()
		go func() { _ = tx.Send(1) }()
		if r := executor.BlockOn(rx.Recv()); r.Err != nil || r.Value != 1 {
			b.Fatal(r)
		}
	}
}
