package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func F(co *future.Co) int {
	go func() {
		future.Await(co, future.Value(1)) // ERROR co captured by a function literal
	}()
	return 1
}
