// Package dep holds async functions that package corpus calls across a
// package boundary (through their generated constructors).
package dep

import "github.com/kettle-rt/kettle/future"

//go:generate go run github.com/kettle-rt/kettle/cmd/kettlegen

// Twice yields once, then returns 2*x.
//
//kettle:async
func Twice(co *future.Co, x int) int {
	future.Await(co, future.YieldNow())
	return 2 * x
}

// Box holds a number.
type Box struct{ N int }

// Add yields once, then adds d.
//
//kettle:async
func (b *Box) Add(co *future.Co, d int) (int, bool) {
	future.Await(co, future.YieldNow())
	b.N += d
	return b.N, b.N > 10
}
