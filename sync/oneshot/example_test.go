package oneshot_test

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/oneshot"
	"github.com/kettle-rt/kettle/waker"
)

// A goroutine answers a task through a oneshot channel. Here the task is
// polled by hand; under an executor the Send wakes it.
func Example() {
	tx, rx := oneshot.New[string]()
	recv := rx.Recv()
	cx := future.NewContext(waker.Noop())

	fmt.Println(recv.Poll(cx).IsReady()) // nothing sent yet

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = tx.Send("soup is ready")
	}()
	<-done

	r, _ := recv.Poll(cx).Get()
	fmt.Println(r.Value, r.Err)
	// Output:
	// false
	// soup is ready <nil>
}

// A sender that gives up closes its end; the receiver learns it.
func ExampleSender_Close() {
	tx, rx := oneshot.New[int]()
	tx.Close()
	r, _ := rx.Recv().Poll(future.NewContext(waker.Noop())).Get()
	fmt.Println(errors.Is(r.Err, oneshot.ErrClosed))
	// Output: true
}

// When the receiver has gone, Send fails and the caller keeps its value.
func ExampleReceiver_Close() {
	tx, rx := oneshot.New[string]()
	rx.Close()
	v := "the last egg"
	if err := tx.Send(v); err != nil {
		fmt.Println(err, "- still holding", v)
	}
	// Output: oneshot: closed - still holding the last egg
}
