package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func G(co *future.Co) int { return future.Await(co, future.Value(1)) }

//kettle:async
func F(co *future.Co) int {
	defer G(co) // ERROR defer of an async call
	return 1
}
