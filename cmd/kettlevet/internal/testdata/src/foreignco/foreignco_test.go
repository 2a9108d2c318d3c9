package foreignco

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
)

// Tests check the runtime panic on purpose.
func TestPanics(t *testing.T) {
	_ = future.Async(func(co *future.Co) int {
		return future.Await(co, future.Async(func(inner *future.Co) int {
			return future.Await(co, fetch())
		}))
	})
}
