package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
)

// tracer, set by -trace, draws every kitchen in one Chrome trace (each
// stage's executor is a process, timed in virtual minutes). The livelock
// stage is left out: its 10 000 polls would drown the rest.
var tracer *executor.Tracer

// epoch is when every virtual morning starts.
var epoch = time.Date(2025, 6, 1, 7, 0, 0, 0, time.UTC)

// kitchen is one stage's executor, virtual clock and cooking-time dice.
type kitchen struct {
	ex    *executor.Local
	clock *timer.VirtualClock
	dice  *rand.Rand
	quiet bool // say prints nothing
	real  bool // the real clock: a cooking step is a yield, not a sleep
}

// newRealKitchen is a quiet kitchen on the real clock (no virtual time),
// where the executor reports a deadlock only when it can prove one. A
// cooking step yields instead of sleeping, so the seeded schedule alone
// decides the interleaving and the stage replays exactly.
func newRealKitchen(seed uint64) *kitchen {
	return &kitchen{
		ex:    executor.NewLocal(executor.Seed(seed)),
		clock: timer.NewVirtualClock(epoch), // only for say, which is muted
		dice:  rand.New(rand.NewPCG(seed, 0xb4c0)),
		quiet: true,
		real:  true,
	}
}

func newKitchen(seed uint64, opts ...executor.Option) *kitchen {
	vc := timer.NewVirtualClock(epoch)
	opts = append([]executor.Option{executor.Seed(seed), executor.Clock(vc)}, opts...)
	if tracer != nil {
		opts = append(opts, tracer)
	}
	return &kitchen{
		ex:    executor.NewLocal(opts...),
		clock: vc,
		dice:  rand.New(rand.NewPCG(seed, 0xb4c0)),
	}
}

// say prints a line stamped with the virtual time since the morning began.
func (k *kitchen) say(format string, args ...any) {
	if k.quiet {
		return
	}
	d := k.clock.Now().Sub(epoch)
	fmt.Printf("  [%02d:%02d] %s\n", int(d.Minutes()), int(d.Seconds())%60, fmt.Sprintf(format, args...))
}

// step is one cooking step: "Started …", a random virtual while, "Finished …".
//
//kettle:async
func (k *kitchen) step(co *future.Co, what string) {
	k.say("Started %s.", what)
	k.randomSleep(co)
	k.say("Finished %s.", what)
}

// randomSleep waits between 30 s and 3 min of virtual time.
//
//kettle:async
func (k *kitchen) randomSleep(co *future.Co) {
	d := time.Duration(30+k.dice.IntN(150)) * time.Second
	if k.real {
		future.Await(co, future.YieldNow())
		return
	}
	future.Await(co, timer.Sleep(d))
}

// run drives f to completion on the kitchen's executor and closes it.
func run[T any](k *kitchen, f future.Future[T]) (T, error) {
	defer k.ex.Close()
	return executor.Run(k.ex, f)
}

// unit wraps a body that returns nothing as an async block.
func unit(body func(co *future.Co)) future.Future[future.Unit] {
	return future.Async(func(co *future.Co) future.Unit {
		body(co)
		return future.Unit{}
	})
}
