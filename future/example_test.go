package future_test

import (
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// An async block reads like sequential code: each Await suspends the block
// until the awaited future is ready, and the executor polls it again.
func ExampleAsync() {
	boil := func(what string) future.Future[string] {
		return future.Async(func(co *future.Co) string {
			future.Await(co, future.YieldNow()) // let other tasks run
			return what + " boiled"
		})
	}
	breakfast := future.Async(func(co *future.Co) string {
		defer fmt.Println("kitchen cleaned") // runs on return, and on Drop
		eggs := future.Await(co, boil("eggs"))
		tea := future.Await(co, boil("water"))
		return eggs + ", " + tea
	})
	fmt.Println(executor.BlockOn(breakfast))
	// Output:
	// kitchen cleaned
	// eggs boiled, water boiled
}

// Join2 waits for both futures; each runs as far as it can on every poll,
// so the two yields overlap instead of adding up.
func ExampleJoin2() {
	toast := future.Then(future.YieldNow(), func(future.Unit) future.Future[string] {
		return future.Value("toast")
	})
	coffee := future.Map(future.Value(2), func(cups int) string {
		return fmt.Sprintf("%d cups of coffee", cups)
	})
	both := executor.BlockOn(future.Join2(toast, coffee))
	fmt.Println(both.V1, "and", both.V2)
	// Output:
	// toast and 2 cups of coffee
}

// Select2 takes whichever branch is ready first and drops the other.
func ExampleSelect2() {
	slow := future.Async(func(co *future.Co) string {
		defer fmt.Println("slow branch dropped")
		for range 3 {
			future.Await(co, future.YieldNow())
		}
		return "slow"
	})
	fast := future.Value(42)
	e := executor.BlockOn(future.Select2(slow, fast))
	if v, ok := e.Right(); ok {
		fmt.Println("fast won with", v)
	}
	// Output:
	// slow branch dropped
	// fast won with 42
}

// SelectAll hands back the unfinished futures, so a loop can take results
// in the order they finish.
func ExampleSelectAll() {
	after := func(yields int, dish string) future.Future[string] {
		return future.Async(func(co *future.Co) string {
			for range yields {
				future.Await(co, future.YieldNow())
			}
			return dish
		})
	}
	pending := []future.Future[string]{after(2, "soup"), after(0, "bread"), after(1, "salad")}
	for len(pending) > 0 {
		sel := executor.BlockOn(future.SelectAll(pending))
		fmt.Println(sel.Value)
		pending = sel.Rest
	}
	// Output:
	// bread
	// salad
	// soup
}

// TryJoinAll stops at the first error and drops the futures still running.
func ExampleTryJoinAll() {
	check := func(name string, ok bool) future.Future[future.Result[string]] {
		return future.Lazy(func() future.Result[string] {
			if !ok {
				return future.Err[string](fmt.Errorf("%s is burnt", name))
			}
			return future.Ok(name)
		})
	}
	r := executor.BlockOn(future.TryJoinAll(check("toast", true), check("eggs", true)))
	fmt.Println(r.Value, r.Err)
	r = executor.BlockOn(future.TryJoinAll(check("toast", false), check("eggs", true)))
	fmt.Println(r.Value, r.Err)
	// Output:
	// [toast eggs] <nil>
	// [] toast is burnt
}
