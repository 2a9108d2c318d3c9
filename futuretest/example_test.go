package futuretest_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/mutex"
)

// printT is a TestingT that prints, standing in for the *testing.T of a
// real test.
type printT struct{}

func (printT) Helper()                           {}
func (printT) Errorf(format string, args ...any) { fmt.Printf("FAIL: "+format+"\n", args...) }
func (printT) FailNow()                          { panic("FailNow") }
func (printT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (printT) Logf(format string, args ...any)   {}

// Drop a lock-then-sleep async block at each of its awaits and check that
// the lock is never left held.
func ExampleDropAtEveryAwait() {
	m := mutex.New(0)
	futuretest.DropAtEveryAwait(printT{}, func() future.Future[int] {
		return future.Async(func(co *future.Co) int {
			g := future.Await(co, m.Lock())
			defer g.Unlock() // runs when the block is dropped, too
			future.Await(co, sleep(time.Second))
			*g.Value()++
			return *g.Value()
		})
	}, func(k int) {
		g, ok := m.TryLock()
		fmt.Printf("k=%d: lock free: %v\n", k, ok)
		if ok {
			g.Unlock()
		}
	})
	// Output:
	// k=0: lock free: true
	// k=1: lock free: true
	// k=2: lock free: true
}

// Find the breakfast deadlock of seeds/000 with PCT, then replay it.
func ExampleExplore() {
	body := func(tr *futuretest.Trial) error {
		spoon := mutex.New(0, mutex.Name("spoon"))
		pan := mutex.New(0, mutex.Name("pan"))
		cook := func(first, second *mutex.Mutex[int]) future.Future[int] {
			return future.Async(func(co *future.Co) int {
				a := future.Await(co, first.Lock())
				future.Await(co, future.YieldNow())
				b := future.Await(co, second.Lock())
				b.Unlock()
				a.Unlock()
				return 0
			})
		}
		eggs := futuretest.Spawn(tr, cook(spoon, pan), executor.Name("cook eggs"))
		bacon := futuretest.Spawn(tr, cook(pan, spoon), executor.Name("fry bacon"))
		_, err := executor.Run(tr.Executor(), future.Join2(eggs, bacon))
		return err
	}
	res := futuretest.Find(futuretest.PCT(100, 2, 1), body)
	fmt.Println("deadlock found:", errors.Is(res.Failure.Err, executor.ErrDeadlock))

	again := futuretest.Replay(silentT{}, res.Failure.Schedule, body)
	fmt.Println("replayed:", errors.Is(again.Err, executor.ErrDeadlock))
	// Output:
	// deadlock found: true
	// replayed: true
}

// silentT swallows failures the example expects.
type silentT struct{ printT }

func (silentT) Errorf(string, ...any) {}

// Choice makes data a choice point: Exhaustive tries every value, and the
// failing run's schedule records the one that failed.
func ExampleChoice() {
	res := futuretest.Find(futuretest.Exhaustive(10, 0), func(tr *futuretest.Trial) error {
		_, err := futuretest.Run(tr, future.Async(func(co *future.Co) unit {
			n := future.Await(co, futuretest.Choice(3)) // 0, 1 or 2 requests
			if n == 2 {
				tr.Errorf("two requests overflow the queue")
			}
			return unit{}
		}))
		return err
	})
	fmt.Println(res.Runs, res.Failure.Schedule)
	// Output: 3 v1:2
}

// InjectFaults makes a send fail as if the receiver had closed: the code
// that handles it runs, under exploration, with a schedule that replays
// it.
func ExampleInjectFaults() {
	res := futuretest.Find(futuretest.Exhaustive(10, 1), func(tr *futuretest.Trial) error {
		tx, rx := mpsc.New[int](1)
		defer rx.Close()
		_, err := futuretest.Run(tr, future.Async(func(co *future.Co) unit {
			if err := future.Await(co, tx.Send(1)); err != nil {
				tr.Errorf("send failed: %v", err)
			}
			return unit{}
		}))
		return err
	}, futuretest.InjectFaults())
	fmt.Println(res.Runs, res.Failure.Schedule)
	fmt.Println(errors.Is(res.Failure.Err, futuretest.ErrAssertion))
	// Output:
	// 2 v1:faults:1
	// true
}
