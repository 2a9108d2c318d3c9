package futuretest_test

import (
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
)

// sleep is a virtual-clock sleep under the explorer's executors.
func sleep(d time.Duration) future.Future[future.Unit] { return timer.Sleep(d) }
