package futuretest_test

import (
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// lostUpdate is the classic read-modify-write race, early in a long run:
// two tasks each read a shared counter, yield, and write back one more,
// then do tail steps of unrelated work. One preemption between a read
// and its write loses an update; it must happen in the first few steps.
func lostUpdate(tail int) func(tr *futuretest.Trial) error {
	return func(tr *futuretest.Trial) error {
		counter := 0
		inc := func() future.Future[unit] {
			return future.Async(func(co *future.Co) unit {
				v := counter
				future.Await(co, future.YieldNow())
				counter = v + 1
				yields(co, tail)
				return unit{}
			})
		}
		a := futuretest.Spawn(tr, inc(), executor.Name("inc a"))
		b := futuretest.Spawn(tr, inc(), executor.Name("inc b"))
		if _, err := executor.Run(tr.Executor(), future.Join2(a, b)); err != nil {
			return err
		}
		if counter != 2 {
			tr.Errorf("lost update: counter = %d after two increments", counter)
		}
		return nil
	}
}

// selectLoop is a correct producer/consumer over a one-slot channel whose
// consumer races each receive against a long timer: n values, one select
// per value. Nothing can fail; the size of a complete search is what it
// measures (every select poll is a join/select choice point).
func selectLoop(n int) func(tr *futuretest.Trial) error {
	return func(tr *futuretest.Trial) error {
		tx, rx := mpsc.New[int](1)
		producer := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
			for i := range n {
				if err := future.Await(co, tx.Send(i)); err != nil {
					return unit{}
				}
			}
			tx.Close()
			return unit{}
		}), executor.Name("producer"))
		got := 0
		consumer := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
			for got < n {
				e := future.Await(co, future.Select2(rx.Recv(), sleep(time.Hour)))
				if r, ok := e.Left(); ok && r.Err == nil {
					got++
				}
			}
			return unit{}
		}), executor.Name("consumer"))
		_, err := executor.Run(tr.Executor(), future.Join2(producer, consumer))
		if got != n {
			tr.Errorf("select loop: got %d of %d", got, n)
		}
		return err
	}
}

// spawnedLostUpdate is lostUpdate with the incrementing tasks started by
// the code under test with executor.Spawn, as a library starts its
// workers: only an explorer that controls every task finds it (the
// executor's FIFO order runs "worker a" from its read to its write while
// "worker b" prepares).
func spawnedLostUpdate(tr *futuretest.Trial) error {
	counter := 0
	inc := func(prep int) future.Future[unit] {
		return future.Async(func(co *future.Co) unit {
			yields(co, prep)
			v := counter
			future.Await(co, future.YieldNow())
			counter = v + 1
			return unit{}
		})
	}
	ex := tr.Executor()
	_, err := executor.Run(ex, future.Async(func(co *future.Co) unit {
		a := executor.Spawn(ex, inc(0), executor.Name("worker a"))
		b := executor.Spawn(ex, inc(1), executor.Name("worker b"))
		future.Await(co, future.Join2(a, b))
		return unit{}
	}))
	if err != nil {
		return err
	}
	if counter != 2 {
		tr.Errorf("lost update: counter = %d after two increments", counter)
	}
	return nil
}
