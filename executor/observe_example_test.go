package executor_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
)

// A task dump names every live task and what it waits on.
func ExampleLocal_Dump() {
	ex := executor.NewLocal()
	defer ex.Close()
	spoon := mutex.New(0, mutex.Name("spoon"))
	g, _ := spoon.TryLock() // held outside the executor
	executor.Spawn(ex, future.Async(func(co *future.Co) int {
		future.Await(co, spoon.Lock()).Unlock()
		return 0
	}), executor.Name("cook eggs"))
	ex.RunUntilStalled()
	for _, t := range ex.Dump() {
		fmt.Println(t.Label(), t.State, t.Polls, "poll(s), waits on", t.WaitingOn)
	}
	g.Unlock()
	ex.RunUntilStalled()
	fmt.Println(ex.Dump())
	// Output:
	// task "cook eggs" idle 1 poll(s), waits on mutex.Lock of "spoon"
	// no live tasks
}

// Metrics counts tasks, polls and wakes; they are always on.
func ExampleLocal_Metrics() {
	ex := executor.NewLocal()
	defer ex.Close()
	h := executor.Spawn(ex, future.Async(func(co *future.Co) int {
		future.Await(co, future.YieldNow())
		return 1
	}))
	_, _ = executor.Run(ex, future.Future[future.Result[int]](h))
	m := ex.Metrics()
	fmt.Println("spawned", m.TasksSpawned, "completed", m.TasksCompleted, "polls", m.Polls, "wakes", m.Wakes)
	// Output:
	// spawned 2 completed 2 polls 4 wakes 2
}

// Trace writes every poll as a Chrome trace event; open the file in
// https://ui.perfetto.dev or chrome://tracing.
func ExampleTrace() {
	var buf bytes.Buffer
	ex := executor.NewLocal(executor.Trace(&buf))
	_, _ = executor.Run(ex, future.Value(42))
	_ = ex.Close() // finishes the trace
	var events []struct {
		Name string `json:"name"`
		Ph   string `json:"ph"`
	}
	_ = json.Unmarshal(buf.Bytes(), &events)
	for _, e := range events {
		fmt.Println(e.Ph, e.Name)
	}
	// Output:
	// M process_name
	// M thread_name
	// X main
}
