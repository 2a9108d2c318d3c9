package workloads_test

import (
	"fmt"
	"runtime"

	"github.com/kettle-rt/kettle/bench/workloads"
)

// Measure one cell: the skynet tree with 1000 leaves, on Kettle's
// single-threaded executor and on goroutines at GOMAXPROCS=1. Each run
// checks its sum; the values (milliseconds) vary from run to run.
func ExampleMeasure() {
	w, _ := workloads.Lookup("skynet")
	for _, c := range []workloads.Contender{workloads.KettleLocal, workloads.GoroutinesOne} {
		ms, err := workloads.Measure(w, c, 1000, runtime.GOMAXPROCS(0))
		fmt.Println(c, w.Unit, err == nil && ms > 0)
	}
	// Output:
	// kettle-local ms true
	// go-p1 ms true
}
