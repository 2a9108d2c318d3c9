package watch_test

import (
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/watch"
)

// BenchmarkSendChanged: a Send, then a Changed future polled to Ready and
// a Borrow.
func BenchmarkSendChanged(b *testing.B) {
	d := polltest.NewDriver()
	tx, rx := watch.New(0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = tx.Send(i)
		polltest.Poll(d, rx.Changed())
		_ = rx.Borrow()
	}
}

// BenchmarkRWMutexValue: the do-it-yourself equivalent, a value and a
// version under a sync.RWMutex.
func BenchmarkRWMutexValue(b *testing.B) {
	var mu sync.RWMutex
	var v, ver int
	seen := 0
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		mu.Lock()
		v, ver = i, ver+1
		mu.Unlock()
		mu.RLock()
		if ver != seen {
			seen = ver
		}
		_ = v
		mu.RUnlock()
	}
}
