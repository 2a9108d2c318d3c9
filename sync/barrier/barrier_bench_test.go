package barrier_test

import (
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/barrier"
	"github.com/kettle-rt/kettle/waker"
)

// BenchmarkGeneration2: one generation of a 2-party barrier, polled by hand.
func BenchmarkGeneration2(b *testing.B) {
	br := barrier.New(2)
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	for b.Loop() {
		f := br.Wait()
		f.Poll(cx)
		br.Wait().Poll(cx)
		f.Poll(cx)
	}
}

// BenchmarkWaitGroupGeneration2 is the nearest Go idiom: two goroutines
// meeting through a sync.WaitGroup each round.
func BenchmarkWaitGroupGeneration2(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var wg sync.WaitGroup
		wg.Add(2)
		go wg.Done()
		wg.Done()
		wg.Wait()
	}
}
