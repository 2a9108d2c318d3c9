package foreignco

import (
	"sort"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

func fetch() future.Future[int] { return future.Value(1) }

func helper(co *future.Co) int { return future.Await(co, fetch()) }

func bad(ex executor.Executor) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		inner := future.Async(func(inner *future.Co) int {
			return future.Await(co, fetch()) // want `foreignco: future.Await with the Co of an enclosing async block: a block must Await with its own co \(a runtime panic\)`
		})
		nested := future.Async(func(c2 *future.Co) int {
			return helper(co) // want `foreignco: an async call with the Co of an enclosing async block`
		})
		deeper := future.Async(func(c2 *future.Co) int {
			f := func() int {
				return future.Await(co, fetch()) // want `future.Await with the Co of an enclosing async block`
			}
			return f()
		})
		go func() {
			future.Await(co, fetch()) // want `foreignco: future.Await with a Co inside a goroutine`
		}()
		go helper(co) // want `foreignco: a Co passed to a goroutine`
		h := executor.SpawnBlocking(ex, func() int {
			return future.Await(co, fetch()) // want `future.Await with a Co inside a SpawnBlocking function`
		})
		_ = h
		return future.Await(co, inner) + future.Await(co, nested) + future.Await(co, deeper)
	})
}

//kettle:async
func outer(co *future.Co) int {
	return future.Await(co, future.Async(func(c *future.Co) int {
		return future.Await(co, fetch()) // want `future.Await with the Co of an enclosing async block`
	}))
}

func good(ex executor.Executor) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		inner := future.Async(func(co *future.Co) int { // shadows: its own co
			return future.Await(co, fetch())
		})
		other := future.Async(func(c *future.Co) int {
			return helper(c)
		})
		v := func() int { return future.Await(co, fetch()) }() // runs in the block
		defer func() { future.Await(co, fetch()) }()
		xs := []int{3, 1}
		sort.Slice(xs, func(i, j int) bool { return future.Await(co, fetch()) > 0 })
		alias := co
		v += future.Await(alias, fetch())
		return v + future.Await(co, inner) + future.Await(co, other)
	})
}

func inPoll() future.Future[int] {
	return future.Async(func(co *future.Co) int {
		return future.Await(co, future.PollFn(func(cx *future.Context) future.Poll[int] {
			return future.Ready(future.Await(co, fetch())) // want `future.Await with a Co inside a poll function`
		}))
	})
}
