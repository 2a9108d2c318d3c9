package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/sync/oneshot"
	"github.com/kettle-rt/kettle/timer"
)

//go:generate go run github.com/kettle-rt/kettle/cmd/kettlegen

// eggs and bacon are async functions: kettlegen compiles them (and the
// kitchen's step and randomSleep, which they call) into state machines in
// kettle_gen.go; eggsAsync(k) is the eggs as a future. The other stages
// write their recipes as async blocks (unit): the two forms behave the
// same, the generated one without a coroutine per recipe.
//
//kettle:async
func eggs(co *future.Co, k *kitchen) {
	k.step(co, "cracking egg")
	k.step(co, "frying egg")
}

//kettle:async
func bacon(co *future.Co, k *kitchen) { k.step(co, "frying bacon") }

func cookEggs(k *kitchen) future.Future[future.Unit] { return eggsAsync(k) }

func fryBacon(k *kitchen) future.Future[future.Unit] { return baconAsync(k) }

// sequential: each await finishes before the next step starts.
func sequential(seed uint64) error {
	k := newKitchen(seed)
	_, err := run(k, unit(func(co *future.Co) {
		future.Await(co, cookEggs(k))
		future.Await(co, fryBacon(k))
	}))
	return err
}

// join: both recipes make progress in one task; their steps interleave.
func join(seed uint64) error {
	k := newKitchen(seed)
	_, err := run(k, future.Join2(cookEggs(k), fryBacon(k)))
	return err
}

// selectStage: the bacon is done after five minutes or once crispy; the
// losing branch is dropped (its defers run: watch for "stopped").
func selectStage(seed uint64) error {
	k := newKitchen(seed)
	fiveMinutes := unit(func(co *future.Co) {
		k.say("Started timer.")
		future.Await(co, timer.Sleep(5*time.Minute))
		k.say("Finished timer.")
	})
	crisp := unit(func(co *future.Co) {
		defer func() { k.say("(crisping stopped)") }()
		k.say("Started crisping bacon.")
		for i := 0; i < 3; i++ { // crispy after three random whiles, if it gets there
			k.randomSleep(co)
		}
		k.say("Finished crisping bacon.")
	})
	_, err := run(k, unit(func(co *future.Co) {
		k.say("Started frying bacon.")
		winner := future.Await(co, future.Select2(fiveMinutes, crisp))
		if winner.IsLeft() {
			k.say("The timer rang first.")
		} else {
			k.say("The bacon crisped first.")
		}
		k.say("Finished frying bacon.")
	}))
	return err
}

type utensil struct{}

// deadlockingBreakfast is the talk's bug: the eggs take the spoon, then the
// pan; the bacon takes both at once with a join, so it may end up holding
// the pan while waiting for the spoon.
func deadlockingBreakfast(k *kitchen) future.Future[future.Tuple2[future.Result[future.Unit], future.Result[future.Unit]]] {
	spoon := mutex.New(utensil{}, mutex.Name("spoon"))
	pan := mutex.New(utensil{}, mutex.Name("pan"))
	eggs := executor.Spawn(k.ex, unit(func(co *future.Co) {
		s := future.Await(co, spoon.Lock())
		defer s.Unlock()
		k.step(co, "cracking egg")
		p := future.Await(co, pan.Lock())
		defer p.Unlock()
		k.step(co, "frying egg")
	}), executor.Name("cook eggs"))
	bacon := executor.Spawn(k.ex, unit(func(co *future.Co) {
		both := future.Await(co, future.Join2(spoon.Lock(), pan.Lock()))
		defer both.V1.Unlock()
		defer both.V2.Unlock()
		k.step(co, "frying bacon")
	}), executor.Name("fry bacon"))
	return future.Join2(future.Future[future.Result[future.Unit]](eggs), future.Future[future.Result[future.Unit]](bacon))
}

// deadlock: try a handful of seeds quietly, then replay the first one that
// wedges, out loud: the same seed gives the same schedule, so the same bug.
func deadlock(seed uint64) error {
	var wedged []uint64
	for s := seed; s < seed+8; s++ {
		k := muted(newKitchen(s))
		_, err := run(k, deadlockingBreakfast(k))
		switch {
		case errors.Is(err, executor.ErrDeadlock):
			wedged = append(wedged, s)
		case err != nil:
			return err
		}
	}
	fmt.Printf("  seeds %d..%d: %d of 8 schedules deadlock %v\n", seed, seed+7, len(wedged), wedged)
	if len(wedged) == 0 {
		return nil
	}
	fmt.Printf("  replaying seed %d:\n", wedged[0])
	k := newKitchen(wedged[0])
	_, err := run(k, deadlockingBreakfast(k))
	if !errors.Is(err, executor.ErrDeadlock) {
		return fmt.Errorf("seed %d did not replay its deadlock: %v", wedged[0], err)
	}
	fmt.Printf("  the executor's report:\n")
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Printf("    %s\n", strings.TrimSpace(line))
	}
	// With the real clock a plain goroutine could still wake a task, so
	// the executor waits rather than guess; but a cycle of cooks each
	// holding the utensil the other wants is a proof, found at once.
	for s := seed; s < seed+32; s++ {
		k := newRealKitchen(s)
		_, err := run(k, deadlockingBreakfast(k))
		if errors.Is(err, executor.ErrDeadlock) {
			fmt.Printf("  with the real clock too (seed %d): the spoon-and-pan cycle is proved at once, not guessed after a grace period\n", s)
			break
		}
	}
	return nil
}

// livelock: each cook grabs one utensil with TryLock, then the other; on
// failure it puts back what it holds and retries. Under a strictly
// alternating schedule they grab and drop forever; MaxPolls ends it.
func livelock(uint64) error {
	vc := timer.NewVirtualClock(epoch)
	// No seed: FIFO order alternates the two cooks perfectly.
	ex := executor.NewLocal(executor.Clock(vc), executor.MaxPolls(10_000))
	defer ex.Close()
	spoon := mutex.New(utensil{}, mutex.Name("spoon"))
	pan := mutex.New(utensil{}, mutex.Name("pan"))
	attempts := map[string]int{}
	cook := func(name string, first, second *mutex.Mutex[utensil]) future.Future[future.Unit] {
		return unit(func(co *future.Co) {
			for {
				attempts[name]++
				a, okA := first.TryLock()
				future.Await(co, future.YieldNow()) // reach for the other one
				b, okB := second.TryLock()
				future.Await(co, future.YieldNow())
				if okA && okB {
					a.Unlock()
					b.Unlock()
					return
				}
				if okA {
					a.Unlock()
				}
				if okB {
					b.Unlock()
				}
			}
		})
	}
	eggs := executor.Spawn(ex, cook("cook eggs", spoon, pan), executor.Name("cook eggs"))
	bacon := executor.Spawn(ex, cook("fry bacon", pan, spoon), executor.Name("fry bacon"))
	_, err := executor.Run(ex, future.Join2(future.Future[future.Result[future.Unit]](eggs), future.Future[future.Result[future.Unit]](bacon)))
	if !errors.Is(err, executor.ErrPollLimit) {
		return fmt.Errorf("expected a livelock, got %v", err)
	}
	fmt.Printf("  stopped: %v\n", err)
	fmt.Printf("  cook eggs tried %d times and fry bacon %d times; nobody cooked anything.\n",
		attempts["cook eggs"], attempts["fry bacon"])
	return nil
}

// fix: the spoon and the pan live under one mutex; take both or none.
func fix(seed uint64) error {
	for s := seed; s < seed+8; s++ {
		k := newKitchen(s)
		if s != seed {
			k = muted(k)
		}
		both := mutex.New([2]utensil{}, mutex.Name("spoon and pan"))
		eggs := executor.Spawn(k.ex, unit(func(co *future.Co) {
			g := future.Await(co, both.Lock())
			defer g.Unlock()
			k.step(co, "cracking egg")
			k.step(co, "frying egg")
		}), executor.Name("cook eggs"))
		bacon := executor.Spawn(k.ex, unit(func(co *future.Co) {
			g := future.Await(co, both.Lock())
			defer g.Unlock()
			k.step(co, "frying bacon")
		}), executor.Name("fry bacon"))
		if _, err := run(k, future.Join2(future.Future[future.Result[future.Unit]](eggs), future.Future[future.Result[future.Unit]](bacon))); err != nil {
			return fmt.Errorf("seed %d: %w", s, err)
		}
	}
	fmt.Printf("  seeds %d..%d: 8 of 8 schedules made breakfast\n", seed, seed+7)
	return nil
}

// order is a message to the chef: what to cook, and where to say it's done.
type order struct {
	dish string
	done *oneshot.Sender[string]
}

// actor: the chef owns its spoon and pan; cooks send orders and await the
// reply on a oneshot.
func actor(seed uint64) error {
	k := newKitchen(seed)
	orders, inbox := mpsc.New[order](4)
	chef := executor.Spawn(k.ex, unit(func(co *future.Co) {
		var spoon, pan utensil // the chef's own: never shared
		_, _ = spoon, pan
		for {
			o, err := future.Await(co, inbox.Recv()).Get()
			if err != nil {
				k.say("Chef: no more orders, going home.")
				return
			}
			k.step(co, o.dish)
			_ = o.done.Send(o.dish + " served")
		}
	}), executor.Name("chef"))
	ask := func(tx *mpsc.Sender[order], dishes ...string) future.Future[future.Unit] {
		return unit(func(co *future.Co) {
			defer tx.Close()
			for _, d := range dishes {
				reply, answer := oneshot.New[string]()
				if err := future.Await(co, tx.Send(order{dish: d, done: reply})); err != nil {
					k.say("order %q not delivered: %v", d, err)
					return
				}
				got, err := future.Await(co, answer.Recv()).Get()
				if err != nil {
					k.say("no answer for %q: %v", d, err)
					return
				}
				k.say("Waiter: %s.", got)
			}
		})
	}
	_, err := run(k, unit(func(co *future.Co) {
		future.Await(co, future.Join2(ask(orders.Clone(), "cracking egg", "frying egg"), ask(orders, "frying bacon")))
		future.Await(co, chef)
	}))
	return err
}

// muted returns k with its printing switched off (for the extra seeds of a
// stage that only counts outcomes).
func muted(k *kitchen) *kitchen {
	k.quiet = true
	return k
}
