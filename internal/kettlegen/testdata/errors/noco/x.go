package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func F(x int) int { // ERROR the first parameter must be co \*future.Co
	return future.Await(nil, future.Value(x))
}
