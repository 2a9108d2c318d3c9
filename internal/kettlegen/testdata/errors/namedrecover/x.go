package p

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

type guard struct{}

func (guard) recoverTo(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%v", r)
	}
}

//kettle:async
func F(co *future.Co) (err error) {
	var g guard
	defer g.recoverTo(&err) // ERROR deferred recoverTo calls recover
	future.Await(co, future.Value(1))
	panic("boom")
}
