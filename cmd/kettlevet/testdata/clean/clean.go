// Package clean is the good twin of package pitfalls: kettlevet reports
// nothing here.
package clean

import (
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/timer"
)

// Clean returns an async block that avoids every pitfall.
func Clean(m *mutex.Mutex[int]) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		future.Await(co, timer.Sleep(time.Second))
		inner := future.Async(func(co *future.Co) int {
			return future.Await(co, future.Value(1))
		})
		g := future.Await(co, m.Lock())
		defer g.Unlock()
		if *g.Value() > 0 {
			return 0
		}
		return future.Await(co, inner)
	})
}
