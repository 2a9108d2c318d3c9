package notify_test

import (
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/notify"
	"github.com/kettle-rt/kettle/waker"
)

// A NotifyOne with nobody waiting is stored, so a task that starts waiting
// just after it does not miss it.
func ExampleNotify_NotifyOne() {
	n := notify.New()
	n.NotifyOne() // nobody waits yet: one permit is stored
	executor.BlockOn[future.Unit](n.Notified())
	fmt.Println("woken by the stored permit")
	// Output: woken by the stored permit
}

// A chef waits for the toast with the create-check-await pattern: the
// Notified future exists before the check, so a NotifyWaiters between the
// check and the await is not missed.
func ExampleNotify_NotifyWaiters() {
	ex := executor.NewLocal()
	defer ex.Close()
	n := notify.New()
	toasted := false
	chef := future.Async(func(co *future.Co) string {
		for {
			woken := n.Notified()
			if toasted {
				woken.Drop()
				return "toast is ready"
			}
			future.Await[future.Unit](co, woken)
		}
	})
	toaster := future.Async(func(co *future.Co) future.Unit {
		future.Await(co, future.YieldNow())
		toasted = true
		n.NotifyWaiters()
		return future.Unit{}
	})
	out, err := executor.Run(ex, future.Join2(chef, toaster))
	fmt.Println(out.V1, err)
	// Output: toast is ready <nil>
}

// A Notified chosen by NotifyOne and then dropped passes the notification
// on: nothing is swallowed.
func ExampleNotifiedFuture_Drop() {
	n := notify.New()
	cx := future.NewContext(waker.Noop())
	a, b := n.Notified(), n.Notified()
	a.Poll(cx)
	b.Poll(cx)
	n.NotifyOne() // chooses a
	a.Drop()      // a never saw it: b gets it
	fmt.Println(b.Poll(cx).IsReady())
	// Output: true
}
