package future_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// WithContext lets a Go context cancel a Kettle future: the future is
// dropped and the result carries ctx.Err().
func ExampleWithContext() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the customer left
	simmer := future.Async(func(co *future.Co) string {
		defer fmt.Println("stove off")
		for {
			future.Await(co, future.YieldNow())
		}
	})
	_, err := executor.BlockOn(future.WithContext(ctx, simmer)).Get()
	fmt.Println(errors.Is(err, context.Canceled))
	// Output:
	// stove off
	// true
}

// FromContext is a future of a context's end, to select against.
func ExampleFromContext() {
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	err := executor.BlockOn(future.FromContext(ctx))
	fmt.Println(err)
	// Output:
	// context canceled
}

// FromChan receives one value from a Go channel inside async code; a
// bridge goroutine waits on the channel and wakes the task.
func ExampleFromChan() {
	orders := make(chan string)
	go func() { orders <- "omelette" }()
	order, err := executor.BlockOn(future.FromChan(orders)).Get()
	fmt.Println(order, err)

	close(orders)
	_, err = executor.BlockOn(future.FromChan(orders)).Get()
	fmt.Println(err)
	// Output:
	// omelette <nil>
	// future: channel closed
}
