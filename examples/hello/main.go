// Command hello is a first taste of Kettle: a single-threaded executor
// (executor.Local) runs a few tasks that take turns, joins two of them, and
// races two futures with a select whose loser is dropped. Its output is
// deterministic: without a seed the executor runs ready tasks in FIFO order.
//
//	go run ./examples/hello
package main

import (
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

//go:generate go run github.com/kettle-rt/kettle/cmd/kettlegen

// chore does its work in steps, yielding to the other tasks between steps,
// and prints what it does. It is an ordinary function marked async:
// kettlegen compiles it into a state machine (kettle_gen.go), and
// choreAsync(name, steps) returns that machine as a future. Run as an async
// block, future.Async(func(co *future.Co) string { return chore(co, name,
// steps) }), it behaves the same but costs a coroutine.
//
//kettle:async
func chore(co *future.Co, name string, steps int) string {
	defer fmt.Printf("  %s: put away\n", name)
	for i := 1; i <= steps; i++ {
		fmt.Printf("  %s: step %d of %d\n", name, i, steps)
		future.Await(co, future.YieldNow())
	}
	return name + " done"
}

func main() {
	ex := executor.NewLocal()
	defer ex.Close()

	// Spawned tasks start running at the first Run, in turns.
	water := executor.Spawn(ex, future.Future[string](choreAsync("boil water", 3)), executor.Name("boil water"))
	toast := executor.Spawn(ex, future.Future[string](choreAsync("toast bread", 2)), executor.Name("toast bread"))

	breakfast, err := executor.Run(ex, future.Async(func(co *future.Co) string {
		fmt.Println("join: waiting for water and toast")
		both := future.Await(co, future.Join2[future.Result[string], future.Result[string]](water, toast))
		fmt.Printf("join: %q and %q\n", both.V1.Value, both.V2.Value)

		fmt.Println("select: the kettle's whistle against a long stir")
		winner := future.Await(co, future.Select2[string, string](choreAsync("whistle", 1), choreAsync("stir", 5)))
		if w, ok := winner.Left(); ok {
			fmt.Printf("select: %q won; the stir was dropped\n", w)
		}
		return "breakfast is ready"
	}))
	fmt.Println(breakfast, err)
}
