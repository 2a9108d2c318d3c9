package broadcast_test

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/broadcast"
)

// Every waiter hears every bell.
func Example() {
	ex := executor.NewLocal()
	defer ex.Close()

	tx, rx1 := broadcast.New[string](4)
	rx2 := tx.Subscribe()
	listen := func(name string, rx *broadcast.Receiver[string]) future.Future[string] {
		return future.Async(func(co *future.Co) string {
			defer rx.Close()
			heard := name + " heard:"
			for {
				v, err := future.Await(co, rx.Recv()).Get()
				if err != nil {
					return heard
				}
				heard += " " + v
			}
		})
	}
	a := executor.Spawn(ex, listen("Ann", rx1))
	b := executor.Spawn(ex, listen("Bob", rx2))

	_, _ = tx.Send("soup")
	_, _ = tx.Send("bread")
	tx.Close()

	out, err := executor.Run(ex, future.Join2[future.Result[string], future.Result[string]](a, b))
	fmt.Println(out.V1.Value)
	fmt.Println(out.V2.Value)
	fmt.Println(err)
	// Output:
	// Ann heard: soup bread
	// Bob heard: soup bread
	// <nil>
}

// A receiver that falls behind is told how much it missed.
func ExampleLaggedError() {
	tx, rx := broadcast.New[int](2)
	for i := 1; i <= 5; i++ {
		_, _ = tx.Send(i)
	}
	_, err := rx.TryRecv()
	var lag *broadcast.LaggedError
	fmt.Println(errors.As(err, &lag), lag.Missed, err)
	v, _ := rx.TryRecv()
	fmt.Println(v)
	// Output:
	// true 3 broadcast: lagged by 3
	// 4
}
