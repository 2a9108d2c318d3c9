package executor

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
)

// BlockOn of a ready future: the cost of calling into Kettle from a
// goroutine (target <= 2 us).
func BenchmarkBlockOnReady(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if BlockOn(future.Value(1)) != 1 {
			b.Fatal("wrong value")
		}
	}
}

// Run of a ready future on a reused Local (target <= 1 us).
func BenchmarkRunReadyReusedLocal(b *testing.B) {
	e := NewLocal(BlockingThreshold(0), StallAfter(0))
	defer e.Close()
	b.ReportAllocs()
	for b.Loop() {
		if v, err := Run(e, future.Value(1)); err != nil || v != 1 {
			b.Fatal(v, err)
		}
	}
}
