package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func F(co *future.Co) int {
	i := 0
L:
	i++
	if i < 3 {
		goto L // ERROR goto is not supported
	}
	return future.Await(co, future.Value(i))
}
