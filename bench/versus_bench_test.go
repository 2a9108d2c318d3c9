package bench

import (
	"runtime"
	"strings"
	"testing"

	"github.com/kettle-rt/kettle/bench/workloads"
)

// BenchmarkVersus runs every workload of package workloads (the code that
// cmd/versus runs) on every contender, as BenchmarkVersus/<workload>/<contender>
// with contenders kettle-local, kettle-multi (Workers(GOMAXPROCS)), go-p1
// (goroutines at GOMAXPROCS=1) and go-pall (goroutines at GOMAXPROCS as
// started), so that benchstat can compare runs:
//
//	go test -run '^$' -bench 'Versus' -benchtime 3x -count 5 ./bench/ | tee new.txt
//	benchstat old.txt new.txt
//
// spawn_join scales with b.N (one op = one task spawned and joined); every
// other workload runs once per op at its -quick size, and reports the
// value it measures itself as a metric: "ms/run" (wall time of the work,
// without building the executor), "B/task" (parked_memory rows) or
// "ms-late" (timers: how late the last of the sleepers woke).
func BenchmarkVersus(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	for _, w := range workloads.All() {
		b.Run(w.Name, func(b *testing.B) {
			for _, c := range workloads.Contenders() {
				b.Run(c.String(), func(b *testing.B) {
					if w.Name == "spawn_join" {
						if _, err := workloads.Measure(w, c, b.N, procs); err != nil {
							b.Fatal(err)
						}
						return
					}
					sum := 0.0
					for range b.N {
						v, err := workloads.Measure(w, c, w.Sizes.Quick, procs)
						if err != nil {
							b.Fatal(err)
						}
						sum += v
					}
					b.ReportMetric(sum/float64(b.N), metricName(w.Unit))
				})
			}
		})
	}
}

// metricName turns a workload unit into a benchmark metric name: "ms" →
// "ms/run", "ms late" → "ms-late", "B/task" unchanged.
func metricName(unit string) string {
	if unit == "ms" {
		return "ms/run"
	}
	return strings.ReplaceAll(unit, " ", "-")
}
