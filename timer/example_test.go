package timer_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

// run is an executor in miniature, for the examples: it polls f under a
// Context carrying drv and, whenever f is pending, advances the virtual
// clock to the driver's next deadline (what Kettle's executors do with a
// VirtualClock when every task is idle).
func run[T any](vc *timer.VirtualClock, drv *timer.Driver, f future.Future[T]) T {
	svc := &future.Services{}
	drv.Register(svc)
	cx := future.NewContext(waker.Noop())
	cx.SetServices(svc)
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			return v
		}
		next, ok := drv.NextDeadline()
		if !ok {
			panic("deadlock: pending with no timer armed")
		}
		vc.AdvanceTo(next)
	}
}

var start = time.Date(2025, 1, 2, 12, 0, 0, 0, time.UTC)

func ExampleSleep() {
	vc := timer.NewVirtualClock(start)
	drv := timer.NewDriver(vc)
	defer drv.Close()

	s := timer.Sleep(1500 * time.Millisecond)
	run(vc, drv, s)
	fmt.Println("woke after", vc.Now().Sub(start))
	fmt.Println(s)
	// Output:
	// woke after 1.5s
	// timer.Sleep until 12:00:01.500
}

func ExampleTimeout() {
	vc := timer.NewVirtualClock(start)
	drv := timer.NewDriver(vc)
	defer drv.Close()

	// A slow step: the value is ready after 5 s.
	slow := future.Map(timer.Sleep(5*time.Second), func(future.Unit) string { return "toast" })

	v, err := run(vc, drv, timer.Timeout(2*time.Second, slow)).Get()
	fmt.Printf("%q %v %v\n", v, err, errors.Is(err, timer.ErrTimeout))
	fmt.Println("gave up after", vc.Now().Sub(start))
	fmt.Println("slow step still armed:", drv.Armed())
	// Output:
	// "" timer: deadline elapsed true
	// gave up after 2s
	// slow step still armed: 0
}

func ExampleInterval() {
	vc := timer.NewVirtualClock(start)
	drv := timer.NewDriver(vc)
	defer drv.Close()

	iv := timer.NewInterval(250*time.Millisecond, timer.Skip)
	defer iv.Drop()
	for range 4 {
		tick := run(vc, drv, iv.Tick())
		fmt.Println("tick at", tick.Sub(start))
	}
	// Output:
	// tick at 0s
	// tick at 250ms
	// tick at 500ms
	// tick at 750ms
}

func ExampleNewVirtualClock() {
	vc := timer.NewVirtualClock(start)
	drv := timer.NewDriver(vc)
	defer drv.Close()

	svc := &future.Services{}
	drv.Register(svc)
	cx := future.NewContext(waker.Func(func() { fmt.Println("  woken at", vc.Now().Format("15:04:05")) }))
	cx.SetServices(svc)

	s := timer.Sleep(time.Minute)
	fmt.Println("ready:", s.Poll(cx).IsReady())
	vc.Advance(59 * time.Second)
	fmt.Println("after 59s, armed:", drv.Armed())
	vc.Advance(time.Second)
	fmt.Println("ready:", s.Poll(cx).IsReady())
	// Output:
	// ready: false
	// after 59s, armed: 1
	//   woken at 12:01:00
	// ready: true
}
