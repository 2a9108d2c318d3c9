// Command breakfast walks through the story of the talk "Reasoning with
// Async Rust", cooked with Kettle: eggs and bacon, a spoon and a pan, and
// every concurrency bug a small kitchen can have.
//
// Every stage runs on a single-threaded executor with a virtual clock, so
// five minutes of frying take microseconds, and with a seed, so the
// interleaving a stage shows is the one its seed picks: run it again with
// the same -seed and you get the same breakfast.
//
//	go run ./examples/breakfast                 # every stage in turn
//	go run ./examples/breakfast -stage deadlock # one stage
//	go run ./examples/breakfast -list           # the stages
//	go run ./examples/breakfast -trace b.json   # a timeline: open it in https://ui.perfetto.dev
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/kettle-rt/kettle/executor"
)

// stage is one chapter of the story.
type stage struct {
	name  string
	about string // one sentence: what the stage shows
	run   func(seed uint64) error
}

var stages = []stage{
	{"sequential", "await runs one step after the other: the eggs, then the bacon.", sequential},
	{"join", "join lets eggs and bacon cook at the same time; the order of their steps depends on the schedule.", join},
	{"select", "select fries the bacon for five minutes or until crispy, whichever comes first, and drops the loser.", selectStage},
	{"deadlock", "two mutexes, a spoon and a pan, taken in different orders: some schedules wedge, and the executor names who waits on what.", deadlock},
	{"livelock", "retrying with TryLock trades the deadlock for a livelock: both cooks keep grabbing and dropping, and a poll limit stops them.", livelock},
	{"fix", "one mutex guarding the spoon and the pan together: every schedule gets breakfast.", fix},
	{"actor", "no shared state: a chef task owns the spoon and the pan and takes orders on a channel, answering each on a oneshot.", actor},
}

func main() {
	only := flag.String("stage", "", "run only this stage (see -list)")
	seed := flag.Uint64("seed", 7, "seed for the executor's schedule and the cooking times")
	list := flag.Bool("list", false, "list the stages and exit")
	tracePath := flag.String("trace", "", "write a Chrome trace of the stages' polls to this file (view it at https://ui.perfetto.dev)")
	flag.Parse()
	if *tracePath != "" {
		tr, err := executor.OpenTrace(*tracePath)
		if err != nil {
			fmt.Fprintf(os.Stderr, "breakfast: %v\n", err)
			os.Exit(2)
		}
		tracer = tr
	}
	code := cook(*only, *seed, *list)
	if tracer != nil {
		if err := tracer.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "breakfast: trace: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// cook runs the stages (or lists them) and returns the exit code.
func cook(only string, seed uint64, list bool) int {

	if list {
		for _, s := range stages {
			fmt.Printf("%-10s %s\n", s.name, s.about)
		}
		return 0
	}
	ran := false
	for _, s := range stages {
		if only != "" && s.name != only {
			continue
		}
		ran = true
		fmt.Printf("== %s: %s\n", s.name, s.about)
		if err := s.run(seed); err != nil {
			fmt.Fprintf(os.Stderr, "breakfast: stage %s: %v\n", s.name, err)
			return 1
		}
		fmt.Println()
	}
	if !ran {
		names := make([]string, len(stages))
		for i, s := range stages {
			names[i] = s.name
		}
		fmt.Fprintf(os.Stderr, "breakfast: no stage %q (stages: %s)\n", only, strings.Join(names, ", "))
		return 2
	}
	return 0
}
