package timer_test

import (
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

// Now reads the clock of the executor polling it: here a driver on a
// virtual clock, lent to a hand-made Context.
func ExampleNow() {
	vc := timer.NewVirtualClock(time.Date(2030, 1, 1, 7, 0, 0, 0, time.UTC))
	d := timer.NewDriver(vc)
	defer d.Close()
	var s future.Services
	d.Register(&s)
	cx := future.NewContext(waker.Noop())
	cx.SetServices(&s)
	vc.Advance(90 * time.Minute)
	now, _ := timer.Now().Poll(cx).Get()
	fmt.Println(now.Format("15:04"))
	// Output: 08:30
}
