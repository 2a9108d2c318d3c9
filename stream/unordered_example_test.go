package stream_test

import (
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/timer"
)

// Unordered runs a dynamic set of futures inside one task and yields their
// outputs as they finish; the loop may push more work as it goes. Each
// poll touches only the futures that were woken.
func ExampleUnordered() {
	ex := executor.NewLocal(executor.Clock(timer.NewVirtualClock(time.Unix(0, 0))))
	defer ex.Close()

	fetch := func(page string, ms time.Duration) future.Future[string] {
		return future.Map(timer.Sleep(ms*time.Millisecond), func(future.Unit) string { return page })
	}
	_, _ = executor.Run(ex, future.Async(func(co *future.Co) future.Unit {
		inFlight := stream.NewUnordered[string]()
		defer inFlight.Drop()
		inFlight.Push(fetch("/index", 30))
		inFlight.Push(fetch("/about", 10))
		for {
			page, ok := future.Await(co, stream.Next[string](inFlight)).Get()
			if !ok {
				return future.Unit{} // the set is empty
			}
			fmt.Println("fetched", page)
			if page == "/index" {
				inFlight.Push(fetch("/index/links", 5)) // found a link
			}
		}
	}))
	// Output:
	// fetched /about
	// fetched /index
	// fetched /index/links
}
