package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func F(co *future.Co) int {
	return future.Await(co, 42) // ERROR type error
}
