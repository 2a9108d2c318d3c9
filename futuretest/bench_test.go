package futuretest_test

import (
	"testing"

	"github.com/kettle-rt/kettle/futuretest"
)

// BenchmarkRun measures the cost of one explored run (one op = one run)
// of the fixed breakfast: three tasks (main and two cooks), about 20
// steps, two mutexes, three virtual sleeps.
func BenchmarkRun(b *testing.B) {
	b.ReportAllocs()
	res := futuretest.Find(futuretest.Random(b.N, 1), breakfast(true))
	if res.Failure != nil || res.Runs != b.N {
		b.Fatalf("%d runs: %v", res.Runs, res.Failure)
	}
}

// BenchmarkRunExhaustive is BenchmarkRun under Exhaustive's bookkeeping
// (whole searches of the fixed breakfast at bound 2, reported per run).
func BenchmarkRunExhaustive(b *testing.B) {
	b.ReportAllocs()
	runs := 0
	for b.Loop() {
		res := futuretest.Find(futuretest.Exhaustive(200, 2), breakfast(true))
		runs += res.Runs
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(runs), "ns/run")
}
