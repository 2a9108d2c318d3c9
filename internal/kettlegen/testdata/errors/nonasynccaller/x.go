package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func G(co *future.Co, x int) int { return future.Await(co, future.Value(x)) }

func helper(co *future.Co) int {
	return G(co, 1) // ERROR helper calls async function G with a co from elsewhere
}

// Async blocks may call async functions with their co.
func ok() future.Future[int] {
	return future.Async(func(co *future.Co) int { return G(co, 2) })
}
