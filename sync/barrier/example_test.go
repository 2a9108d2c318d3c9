package barrier_test

import (
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/barrier"
	"github.com/kettle-rt/kettle/waker"
)

// Three chefs meet at the pass; the last to arrive leads, and plates.
func ExampleBarrier() {
	ex := executor.NewLocal()
	defer ex.Close()
	pass := barrier.New(3)
	chef := func(name string) future.Future[string] {
		return future.Async(func(co *future.Co) string {
			if future.Await[barrier.WaitResult](co, pass.Wait()).IsLeader() {
				return name + " plates"
			}
			return name + " waits"
		})
	}
	out, err := executor.Run(ex, future.JoinAll(chef("eggs"), chef("bacon"), chef("toast")))
	fmt.Println(out, err)
	// Output: [eggs waits bacon waits toast plates] <nil>
}

// A Wait dropped before its generation completes takes its arrival back.
func ExampleWaitFuture_Drop() {
	b := barrier.New(2)
	cx := future.NewContext(waker.Noop())
	early := b.Wait()
	early.Poll(cx)
	fmt.Println(b)
	early.Drop()
	fmt.Println(b)
	// Output:
	// barrier.Barrier (1 of 2 arrived)
	// barrier.Barrier (0 of 2 arrived)
}
