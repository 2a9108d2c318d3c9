package p

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/kettlegen/testdata/errors/crossrecover/helper"
)

//kettle:async
func F(co *future.Co) (err error) {
	defer helper.RecoverTo(&err) // ERROR deferred helper.RecoverTo calls recover
	future.Await(co, future.Value(1))
	panic("boom")
}
