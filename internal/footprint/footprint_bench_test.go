package footprint_test

import (
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/internal/footprint"
)

// BenchmarkLockUnlock compares an uncontended Lock/Unlock of
// footprint.Mutex, with no recorder installed (every program outside an
// exploration), against sync.Mutex: the price is one atomic load.
func BenchmarkLockUnlock(b *testing.B) {
	b.Run("sync.Mutex", func(b *testing.B) {
		var m sync.Mutex
		n := 0
		for b.Loop() {
			m.Lock()
			n++
			m.Unlock()
		}
	})
	b.Run("footprint.Mutex", func(b *testing.B) {
		var m footprint.Mutex
		n := 0
		for b.Loop() {
			m.Lock()
			n++
			m.Unlock()
		}
	})
}
