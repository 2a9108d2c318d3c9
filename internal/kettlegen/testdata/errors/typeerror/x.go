package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func F(co *future.Co) int {
	var s string = 1 // ERROR type error
	return future.Await(co, future.Value(len(s)))
}
