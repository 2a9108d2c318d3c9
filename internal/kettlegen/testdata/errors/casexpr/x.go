package p

import "github.com/kettle-rt/kettle/future"

//kettle:async
func F(co *future.Co, x int) int {
	switch x {
	case future.Await(co, future.Value(1)): // ERROR Await in a switch case expression
		return 1
	}
	return 0
}
