package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func F(co *future.Co, n int) int {
	if n == 0 {
		return future.Await(co, future.Value(0))
	}
	return F(co, n-1) + 1 // ERROR recursive async call
}
