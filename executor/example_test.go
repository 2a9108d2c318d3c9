package executor_test

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

func ExampleBlockOn() {
	tea := executor.BlockOn(future.Map(future.Value(2), func(cups int) string {
		return fmt.Sprintf("%d cups of tea", cups)
	}))
	fmt.Println(tea)
	// Output: 2 cups of tea
}

func ExampleRun() {
	// Report a deadlock at once instead of after the default 1 s grace.
	ex := executor.NewLocal(executor.DeadlockGrace(0))
	defer ex.Close()

	toast, err := executor.Run(ex, future.Async(func(co *future.Co) string {
		future.Await(co, future.YieldNow()) // let other tasks run
		return "toast"
	}))
	fmt.Println(toast, err)

	// A future that can never be woken is reported, not a silent hang.
	_, err = executor.Run(ex, future.Never[int]())
	fmt.Println(errors.Is(err, executor.ErrDeadlock))
	// Output:
	// toast <nil>
	// true
}

func ExampleSpawn() {
	ex := executor.NewLocal()
	defer ex.Close()

	bacon := executor.Spawn(ex, future.Lazy(func() string { return "bacon" }), executor.Name("fry bacon"))
	eggs := executor.Spawn(ex, future.Lazy(func() string { return "eggs" }), executor.Name("cook eggs"))

	breakfast, err := executor.Run(ex, future.Async(func(co *future.Co) string {
		b, _ := future.Await[future.Result[string]](co, bacon).Get()
		e, _ := future.Await[future.Result[string]](co, eggs).Get()
		return b + " and " + e
	}))
	fmt.Println(breakfast, err)
	// Output: bacon and eggs <nil>
}

// A Multi runs tasks on several worker goroutines; Run blocks the caller
// until its future, spawned on the workers, is ready.
func ExampleMulti() {
	m := executor.NewMulti(executor.Workers(2))
	defer m.Close()
	hs := make([]future.Future[future.Result[int]], 10)
	for i := range hs {
		hs[i] = executor.Spawn(m, future.Lazy(func() int { return i * i }))
	}
	rs, err := executor.Run(m, future.JoinAll(hs...))
	sum := 0
	for _, r := range rs {
		sum += r.Value
	}
	fmt.Println(sum, err)
	// Output: 285 <nil>
}
