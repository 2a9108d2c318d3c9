package mpsc_test

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// Two cooks clip orders to the rail; the pass takes them in order until
// both cooks have gone home.
func Example() {
	ex := executor.NewLocal()
	defer ex.Close()

	tx, rx := mpsc.New[string](1)
	cook := func(tx *mpsc.Sender[string], dishes ...string) future.Future[future.Unit] {
		return future.Async(func(co *future.Co) future.Unit {
			defer tx.Close()
			for _, d := range dishes {
				if err := future.Await[error](co, tx.Send(d)); err != nil {
					return future.Unit{}
				}
			}
			return future.Unit{}
		})
	}
	executor.Spawn(ex, cook(tx.Clone(), "eggs", "toast"))
	executor.Spawn(ex, cook(tx, "tea"))

	served, err := executor.Run(ex, future.Async(func(co *future.Co) []string {
		var out []string
		for {
			d, err := future.Await(co, rx.Recv()).Get()
			if errors.Is(err, mpsc.ErrClosed) {
				return out
			}
			out = append(out, d)
		}
	}))
	fmt.Println(len(served), err)
	// Output: 3 <nil>
}

// TrySend and TryRecv never wait, so plain goroutines can use them too.
func ExampleSender_TrySend() {
	tx, rx := mpsc.New[int](1)
	fmt.Println(tx.TrySend(1))
	fmt.Println(tx.TrySend(2))
	v, err := rx.TryRecv()
	fmt.Println(v, err)
	_, err = rx.TryRecv()
	fmt.Println(err)
	// Output:
	// <nil>
	// mpsc: full
	// 1 <nil>
	// mpsc: empty
}

// A Send that gives up waiting hands its value back.
func ExampleSendFuture_Unsent() {
	tx, _ := mpsc.New[string](1)
	_ = tx.TrySend("soup")

	send := tx.Send("stew")
	// Race the Send against a yield: the yield wins, and the select drops
	// the Send, which was still waiting for room.
	executor.BlockOn(future.Select2[error, future.Unit](send, future.YieldNow()))
	v, unsent := send.Unsent()
	fmt.Println(v, unsent)
	// Output: stew true
}

// Reserve a slot first, then fill it without waiting.
func ExampleSender_Reserve() {
	tx, rx := mpsc.New[string](1)
	permit, err := executor.BlockOn(tx.Reserve()).Get()
	if err != nil {
		panic(err)
	}
	permit.Send("pancakes")
	v, _ := rx.TryRecv()
	fmt.Println(v)
	// Output: pancakes
}

// A sender that sends again and again keeps one Send future and re-arms it
// with Reset, so sending allocates nothing; a dropped send's value must be
// taken back with Unsent before Reset.
func ExampleSendFuture_Reset() {
	tx, rx := mpsc.New[string](1)
	send := tx.Send("soup")
	fmt.Println(executor.BlockOn[error](send))
	fmt.Println(rx.TryRecv())

	send.Reset("salad")
	send.Drop() // cancelled before delivery
	v, unsent := send.Unsent()
	fmt.Println(v, unsent)

	send.Reset("stew") // allowed: "salad" was handed back
	fmt.Println(executor.BlockOn[error](send))
	fmt.Println(rx.TryRecv())
	// Output:
	// <nil>
	// soup <nil>
	// salad true
	// <nil>
	// stew <nil>
}
