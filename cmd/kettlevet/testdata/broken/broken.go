// Package broken does not type-check: kettlevet reports it as vet does,
// and does not panic.
package broken

import "github.com/kettle-rt/kettle/future"

func Broken(co *future.Co) int {
	return future.Await(co, undefined())
}
