package workloads

import (
	"runtime"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

var yieldMany = Workload{
	Name:       "yield_many",
	Doc:        "n tasks each yield 1000 times (YieldNow against runtime.Gosched)",
	Unit:       "ms",
	SizeDoc:    "tasks of 1000 yields",
	Sizes:      Sizes{Full: 200, Quick: 100, Tiny: 4},
	Kettle:     YieldManyKettle,
	Goroutines: YieldManyGoroutines,
}

// yieldsPerTask is how often each yield_many task yields.
const yieldsPerTask = 1000

// yielder wakes itself and returns Pending n times (a hand-written
// YieldNow loop), then counts the latch down.
type yielder struct {
	n    int
	done *latch
}

func (y *yielder) Poll(cx *future.Context) future.Poll[int] {
	if y.n == 0 {
		y.done.done()
		return future.Ready(0)
	}
	y.n--
	cx.Waker().Wake()
	return future.Pending[int]()
}

// YieldManyKettle runs n tasks that each yield 1000 times; it returns the
// wall time in ms.
func YieldManyKettle(ex executor.Executor, n int) (float64, error) {
	start := time.Now()
	err := runMain(ex, func() *latch {
		l := newLatch(n)
		for range n {
			spawnDetached(ex, future.Future[int](&yielder{n: yieldsPerTask, done: l}))
		}
		return l
	})
	return ms(start), err
}

// YieldManyGoroutines runs n goroutines that each call runtime.Gosched
// 1000 times; it returns the wall time in ms.
func YieldManyGoroutines(n int) (float64, error) {
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		go func() {
			for range yieldsPerTask {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return ms(start), nil
}
