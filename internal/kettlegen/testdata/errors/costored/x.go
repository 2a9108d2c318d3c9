package p

import "github.com/kettle-rt/kettle/future"

var saved *future.Co

//kettle:async
func F(co *future.Co) int {
	saved = co // ERROR co used outside Await
	return future.Await(co, future.Value(1))
}
