package p

import "github.com/kettle-rt/kettle/future"

func helper(co *future.Co) int { return future.Await(co, future.Value(1)) }

//kettle:async
func F(co *future.Co) int {
	return helper(co) // ERROR which is not an async function
}
