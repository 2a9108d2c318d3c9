// Command restaurant shows the work-stealing executor (executor.Multi) as a
// restaurant: futures are recipe cards, tasks are chefs at work, the
// executor is the manager handing out cards, wakers are the pagers that
// call a chef back when the oven is done.
//
// Stages (all run by default; pick some with flags):
//
//	-tables   three tables, each served by its own spawned task: the tables
//	          are served at the same time (concurrency between tasks)
//	-dishes   one table's three dishes joined inside one task versus cooked
//	          one after the other (concurrency inside a task)
//	-blocking a chef who blocks (time.Sleep inside a poll) stalls a
//	          one-chef kitchen, and the blocking detector reports him; the
//	          fix moves the wait off the line with SpawnBlocking
//
// An oven bake is a SpawnBlocking job (it runs off the workers, like a
// dishwasher at the back); the chef awaits it without blocking. Durations
// are printed rounded to 0.1 s and marked ≈: the machine decides the rest.
//
//	go run ./examples/restaurant
//	go run ./examples/restaurant -trace restaurant.json  # then open it in https://ui.perfetto.dev
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

const bake = 100 * time.Millisecond

// oven bakes dish off the line: the awaiting chef is free meanwhile.
func oven(ex executor.Executor, dish string) future.Future[future.Result[string]] {
	return executor.SpawnBlocking(ex, func() string {
		time.Sleep(bake)
		return dish
	})
}

//go:generate go run github.com/kettle-rt/kettle/cmd/kettlegen

// cook cooks a table's dishes; joined=true puts all of them in the oven at
// once and awaits them together, else one after the other. It is an async
// function: kettlegen compiles it into a state machine (kettle_gen.go).
//
//kettle:async
func cook(co *future.Co, ex executor.Executor, table string, joined bool) string {
	dishes := []string{"soup", "pasta", "cake"}
	if joined {
		fs := make([]future.Future[future.Result[string]], len(dishes))
		for i, d := range dishes {
			fs[i] = oven(ex, d)
		}
		future.Await(co, future.JoinAll(fs...))
	} else {
		for _, d := range dishes {
			future.Await(co, oven(ex, d))
		}
	}
	return table + " served"
}

// serve is cook as a future: the generated state machine, no coroutine.
func serve(ex executor.Executor, table string, joined bool) future.Future[string] {
	return cookAsync(ex, table, joined)
}

func about(d time.Duration) string {
	return fmt.Sprintf("≈ %.1f s", d.Round(100*time.Millisecond).Seconds())
}

// tracer, set by -trace, draws every kitchen of the run in one file.
var tracer *executor.Tracer

// withTrace adds the tracer, if any, to an executor's options.
func withTrace(opts ...executor.Option) []executor.Option {
	if tracer != nil {
		opts = append(opts, tracer)
	}
	return opts
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}

func tables() {
	fmt.Println("== tables: one task per table (inter-task concurrency)")
	ex := executor.NewMulti(withTrace(executor.Workers(2))...)
	defer ex.Close()
	start := time.Now()
	must(executor.Run(ex, future.Async(func(co *future.Co) int {
		hs := make([]future.Future[future.Result[string]], 3)
		for i := range hs {
			hs[i] = executor.Spawn(ex, serve(ex, fmt.Sprint("table ", i+1), false), executor.Name(fmt.Sprint("waiter ", i+1)))
		}
		for _, r := range future.Await(co, future.JoinAll(hs...)) {
			fmt.Println("  ", r.Value)
		}
		return 0
	})))
	fmt.Printf("   3 tables × 3 dishes one after the other, tables in parallel: %s (one table alone: ≈ 0.3 s)\n", about(time.Since(start)))
}

func dishes() {
	fmt.Println("== dishes: one task, three dishes (intra-task concurrency)")
	ex := executor.NewMulti(withTrace(executor.Workers(2))...)
	defer ex.Close()
	for _, joined := range []bool{false, true} {
		start := time.Now()
		r := must(executor.Run(ex, serve(ex, "table 4", joined)))
		how := "one after the other"
		if joined {
			how = "joined in one task "
		}
		fmt.Printf("   %s: %s in %s\n", how, r, about(time.Since(start)))
	}
}

// blockingChef sleeps inside his poll: the hazard.
type blockingChef struct{}

func (blockingChef) Poll(*future.Context) future.Poll[string] {
	//kettlevet:ignore blocking the example shows this hazard on purpose
	time.Sleep(300 * time.Millisecond) // a blocking call inside async code
	return future.Ready("steak (blocking)")
}

func blocking() {
	fmt.Println("== blocking: a chef who sleeps at the stove, in a one-chef kitchen")
	run := func(chef func(ex executor.Executor) future.Future[string]) time.Duration {
		ex := executor.NewMulti(withTrace(executor.Workers(1),
			executor.BlockingThreshold(100*time.Millisecond),
			executor.BlockingReporter(func(r executor.BlockingReport) {
				fmt.Printf("   detector: %q held the only worker for at least 100 ms\n", r.Task)
			}))...)
		defer ex.Close()
		start := time.Now()
		var salad time.Duration
		must(executor.Run(ex, future.Async(func(co *future.Co) int {
			steak := executor.Spawn(ex, chef(ex), executor.Name("steak chef"))
			side := executor.Spawn(ex, future.Lazy(func() string {
				salad = time.Since(start)
				return "salad"
			}), executor.Name("salad chef"))
			future.Await(co, future.Join2(steak, side))
			return 0
		})))
		return salad
	}
	d := run(func(executor.Executor) future.Future[string] { return blockingChef{} })
	fmt.Printf("   the salad waited %s behind the sleeping chef\n", about(d))
	fmt.Println("   fix: the steak goes to the back (SpawnBlocking), the chef awaits it")
	d = run(func(ex executor.Executor) future.Future[string] {
		return future.Map(executor.SpawnBlocking(ex, func() string {
			time.Sleep(300 * time.Millisecond)
			return "steak"
		}), func(r future.Result[string]) string { return r.Value })
	})
	fmt.Printf("   the salad waited %s; no report\n", about(d))
}

func main() {
	t := flag.Bool("tables", false, "run the tables stage")
	d := flag.Bool("dishes", false, "run the dishes stage")
	b := flag.Bool("blocking", false, "run the blocking-chef stage")
	tracePath := flag.String("trace", "", "write a Chrome trace of every poll to this file (view it at https://ui.perfetto.dev)")
	flag.Parse()
	if *tracePath != "" {
		tr, err := executor.OpenTrace(*tracePath)
		if err != nil {
			log.Fatal(err)
		}
		tracer = tr
		defer func() {
			if err := tr.Close(); err != nil {
				log.Fatal(err)
			}
		}()
	}
	all := !*t && !*d && !*b
	if all || *t {
		tables()
	}
	if all || *d {
		dishes()
	}
	if all || *b {
		blocking()
	}
}
