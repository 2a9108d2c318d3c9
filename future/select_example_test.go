package future_test

import (
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/oneshot"
	"github.com/kettle-rt/kettle/timer"
)

// A select loop: an interval ticks on every iteration while a shutdown
// signal, borrowed so that losing a round does not drop it, ends the loop.
// Select runs the winning case's fn and drops the other cases; Borrow keeps
// the shutdown receive (and its place in line) alive across iterations.
func ExampleSelect() {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	ex := executor.NewLocal(executor.Clock(timer.NewVirtualClock(start)))
	defer ex.Close()

	tx, rx := oneshot.New[string]()
	executor.Spawn(ex, future.Map(timer.Sleep(3500*time.Millisecond), func(future.Unit) future.Unit {
		_ = tx.Send("closing time")
		return future.Unit{}
	}))

	ticks := timer.NewInterval(time.Second)
	defer ticks.Drop()
	shutdown := rx.Recv() // one receive for the whole loop
	_, _ = executor.Run(ex, future.Async(func(co *future.Co) future.Unit {
		for open := true; open; {
			future.Await(co, future.Select(
				future.On(ticks.Tick(), func(t time.Time) {
					fmt.Println("tick at", t.Sub(start))
				}),
				future.On(future.Borrow(shutdown), func(r future.Result[string]) {
					fmt.Println("shutdown:", r.Value)
					open = false
				}),
			))
		}
		return future.Unit{}
	}))
	// Output:
	// tick at 0s
	// tick at 1s
	// tick at 2s
	// tick at 3s
	// shutdown: closing time
}

// Flatten turns the Result of a Result that timer.Timeout gives around a
// fallible future into one Result; MapOk and AndThen chain on the value.
func ExampleFlatten() {
	ex := executor.NewLocal(executor.Clock(timer.NewVirtualClock(time.Unix(0, 0))))
	defer ex.Close()

	fetch := func(d time.Duration) future.Future[future.Result[int]] {
		return future.Map(timer.Sleep(d), func(future.Unit) future.Result[int] { return future.Ok(200) })
	}
	for _, d := range []time.Duration{time.Second, time.Minute} {
		status := future.MapOk(
			future.Flatten(timer.Timeout(5*time.Second, fetch(d))),
			func(code int) string { return fmt.Sprint("HTTP ", code) },
		)
		r, _ := executor.Run(ex, status)
		fmt.Println(r.Value, r.Err)
	}
	// Output:
	// HTTP 200 <nil>
	//  timer: deadline elapsed
}
