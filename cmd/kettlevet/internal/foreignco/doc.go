// Package foreignco defines the foreignco analyzer: an await with a Co
// that is not the running block's own.
//
// A *future.Co belongs to one async block and is valid only in that
// block's body, on the goroutine that polls it. future.Await with the Co
// of an enclosing block (captured by a nested future.Async body), or with
// a Co carried into a goroutine or onto the blocking pool, panics at run
// time ("future.Await: ... outside the running body"). The analyzer finds
// it before it runs: it reports future.Await, or any call of an async
// function, whose Co argument is a variable declared outside the
// innermost async body around the call, or that crosses into a go
// statement, an executor.SpawnBlocking function or a poll function (a
// future.PollFn closure runs inside some Await, where a second Await with
// the same Co panics) on its way.
//
// Bad:
//
//	future.Async(func(co *future.Co) int {
//		inner := future.Async(func(inner *future.Co) int {
//			return future.Await(co, fetch()) // the outer block's co
//		})
//		go func() { future.Await(co, ping()) }() // another goroutine
//		return future.Await(co, inner)
//	})
//
// Good: each block awaits with its own co; goroutines hand values back
// through a channel future (oneshot, mpsc) instead of awaiting:
//
//	future.Async(func(co *future.Co) int {
//		inner := future.Async(func(co *future.Co) int {
//			return future.Await(co, fetch())
//		})
//		return future.Await(co, inner)
//	})
//
// Function literals that run on the spot in the block (called at once,
// deferred, or passed to a callback that is not a goroutine) may use the
// block's co. A Co stored in a struct field is not followed. Generated
// files are skipped; so are _test.go files, where the runtime panic is
// tested on purpose.
package foreignco
