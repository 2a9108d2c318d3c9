package watch_test

import (
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/watch"
)

// A waiter watches the soup of the day until the kitchen closes. It may
// skip a value written while it was not looking, but it always sees the
// latest.
func Example() {
	ex := executor.NewLocal()
	defer ex.Close()

	tx, rx := watch.New("soup: none yet")
	watcher := executor.Spawn(ex, future.Async(func(co *future.Co) string {
		defer rx.Close()
		last := rx.Borrow()
		for future.Await[error](co, rx.Changed()) == nil {
			last = rx.Borrow()
		}
		return last
	}))
	executor.Spawn(ex, future.Async(func(co *future.Co) future.Unit {
		defer tx.Close()
		_ = tx.Send("soup: tomato")
		future.Await(co, future.YieldNow())
		_ = tx.Send("soup: leek")
		return future.Unit{}
	}))

	last, err := executor.Run(ex, watcher)
	fmt.Println(last.Value, last.Err, err)
	// Output: soup: leek <nil> <nil>
}

// Borrow reads the current value at any time; BorrowAndUpdate also marks
// it seen.
func ExampleReceiver_BorrowAndUpdate() {
	tx, rx := watch.New(1)
	_ = tx.Send(2)
	fmt.Println(rx.Borrow(), rx.HasChanged())
	fmt.Println(rx.BorrowAndUpdate(), rx.HasChanged())
	// Output:
	// 2 true
	// 2 false
}
