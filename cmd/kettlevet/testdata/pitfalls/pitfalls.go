// Package pitfalls holds one instance of each pitfall kettlevet reports,
// written against the real Kettle packages: the end-to-end test runs the
// built tool on it, through go vet and directly.
package pitfalls

import (
	"sync"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/timer"
)

var mu sync.Mutex

// Pitfalls returns an async block that falls into every pitfall.
func Pitfalls(m *mutex.Mutex[int]) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		timer.Sleep(time.Second) // unawaited
		time.Sleep(time.Second)  // blocking
		mu.Lock()
		future.Await(co, future.YieldNow()) // lockacrossawait
		mu.Unlock()
		inner := future.Async(func(inner *future.Co) int {
			return future.Await(co, future.Value(1)) // foreignco
		})
		g := future.Await(co, m.Lock()) // unreleased
		if *g.Value() > 0 {
			return 0
		}
		g.Unlock()
		return future.Await(co, inner)
	})
}
