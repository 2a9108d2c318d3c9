package executor_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
)

// A JoinSet joins its tasks in the order they finish; Shutdown cancels the
// stragglers.
func ExampleJoinSet() {
	ex := executor.NewLocal(executor.Clock(timer.NewVirtualClock(time.Unix(0, 0))))
	defer ex.Close()

	js := executor.NewJoinSet[string](ex)
	for _, order := range []struct {
		dish string
		mins time.Duration
	}{{"soup", 20}, {"toast", 3}, {"tea", 5}, {"roast", 180}} {
		js.Spawn(future.Map(timer.Sleep(order.mins*time.Minute), func(future.Unit) string { return order.dish }))
	}

	_, _ = executor.Run(ex, future.Async(func(co *future.Co) future.Unit {
		for range 3 {
			r := future.Await(co, js.JoinNext())
			fmt.Println("served", r.Value)
		}
		future.Await(co, js.Shutdown()) // the roast is cancelled
		r := future.Await(co, js.JoinNext())
		fmt.Println("left:", js.Len(), errors.Is(r.Err, executor.ErrEmpty))
		return future.Unit{}
	}))
	// Output:
	// served toast
	// served tea
	// served soup
	// left: 0 true
}
