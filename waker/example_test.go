package waker_test

import (
	"fmt"

	"github.com/kettle-rt/kettle/waker"
)

// A leaf future keeps the waker it was polled with in an Atomic; whoever
// completes the work wakes it, from any goroutine.
func ExampleAtomic() {
	var slot waker.Atomic
	slot.Register(waker.Func(func() { fmt.Println("task paged: poll me again") }))
	slot.Wake()
	slot.Wake() // at most once per registration
	// Output: task paged: poll me again
}

func ExampleWaker_WillWake() {
	w := waker.Func(func() {})
	copyOfW := w
	fmt.Println(w.WillWake(copyOfW), w.WillWake(waker.Noop()))
	// Output: true false
}
