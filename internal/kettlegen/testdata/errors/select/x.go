package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func F(co *future.Co, ch chan int) int {
	select { // ERROR select is not supported
	case v := <-ch:
		return v
	default:
	}
	return future.Await(co, future.Value(1))
}
