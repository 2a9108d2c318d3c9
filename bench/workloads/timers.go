package workloads

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
)

var timers = Workload{
	Name:       "timers",
	Doc:        "n tasks sleep a random 1-100 ms each; measures how late the last one woke",
	Unit:       "ms late",
	SizeDoc:    "sleeping tasks",
	Sizes:      Sizes{Full: 100_000, Quick: 20_000, Tiny: 100},
	Kettle:     TimersKettle,
	Goroutines: TimersGoroutines,
}

// sleepOffsets returns n durations of 1-100 ms drawn with a fixed seed.
func sleepOffsets(n int) []time.Duration {
	r := rand.New(rand.NewPCG(8, 100))
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Millisecond + time.Duration(r.IntN(99_000))*time.Microsecond
	}
	return out
}

// sleeper sleeps d from its first poll, recording its deadline (the time of
// the first poll plus d, unrounded, as the goroutine side records it).
type sleeper struct {
	d    time.Duration
	dl   *time.Time
	s    *timer.SleepFuture
	done *latch
}

func (t *sleeper) Poll(cx *future.Context) future.Poll[int] {
	if t.s == nil {
		*t.dl = time.Now().Add(t.d)
		t.s = timer.Sleep(t.d)
	}
	if !t.s.Poll(cx).IsReady() {
		return future.Pending[int]()
	}
	t.done.done()
	return future.Ready(0)
}

// Drop cancels the sleep.
func (t *sleeper) Drop() {
	if t.s != nil {
		t.s.Drop()
	}
}

// lateness returns how long after the latest deadline end is, in ms.
func lateness(deadlines []time.Time, end time.Time) float64 {
	last := deadlines[0]
	for _, d := range deadlines[1:] {
		if d.After(last) {
			last = d
		}
	}
	return float64(end.Sub(last).Nanoseconds()) / 1e6
}

// TimersKettle runs n tasks that each sleep a random 1-100 ms with
// timer.Sleep; it returns the time from the last deadline until every task
// had finished, in ms.
func TimersKettle(ex executor.Executor, n int) (float64, error) {
	if n < 1 {
		return 0, fmt.Errorf("%w: timers: n = %d < 1", ErrBadSize, n)
	}
	offs := sleepOffsets(n)
	dls := make([]time.Time, n)
	var end time.Time
	_, err := executor.Run(ex, future.Then(
		future.Future[future.Unit](&mainTask{setup: func() *latch {
			l := newLatch(n)
			for i, d := range offs {
				spawnDetached(ex, future.Future[int](&sleeper{d: d, dl: &dls[i], done: l}))
			}
			return l
		}}),
		func(future.Unit) future.Future[future.Unit] {
			end = time.Now()
			return future.Value(future.Unit{})
		}))
	if err != nil {
		return 0, err
	}
	return lateness(dls, end), nil
}

// TimersGoroutines runs n goroutines that each time.Sleep a random
// 1-100 ms; it returns the time from the last deadline until every
// goroutine had finished, in ms.
func TimersGoroutines(n int) (float64, error) {
	if n < 1 {
		return 0, fmt.Errorf("%w: timers: n = %d < 1", ErrBadSize, n)
	}
	offs := sleepOffsets(n)
	dls := make([]time.Time, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i, d := range offs {
		go func() {
			defer wg.Done()
			dls[i] = time.Now().Add(d)
			time.Sleep(d)
		}()
	}
	wg.Wait()
	end := time.Now()
	return lateness(dls, end), nil
}
