package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func A(co *future.Co, n int) int {
	return B(co, n) + 1
}

//kettle:async
func B(co *future.Co, n int) int {
	if n > 0 {
		return A(co, n-1) // ERROR recursive async call of A
	}
	return future.Await(co, future.Value(n))
}
