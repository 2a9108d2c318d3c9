package p

import (
	"net/http"

	"github.com/kettle-rt/kettle/future"
)

//kettle:async
func F(co *future.Co) int {
	x := http.NoBody // ERROR x must live across an Await, but its type http.noBody cannot be named
	future.Await(co, future.Value(1))
	n, _ := x.Read(nil)
	return n
}
