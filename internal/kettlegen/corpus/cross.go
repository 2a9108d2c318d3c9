package corpus

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/kettlegen/corpus/dep"
)

// CrossPackage calls async functions of another package.
//
//kettle:async
func CrossPackage(co *future.Co, log *Log) string {
	b := &dep.Box{N: 5}
	x := dep.Twice(co, future.Await(co, V(log, "x", 4)))
	n, big := b.Add(co, x)
	return fmt.Sprint(x, n, big)
}
