package executor

import (
	"runtime"
	"sync/atomic"
)

// workerRunEntry is the entry PC of (*worker).run, the function at the
// bottom of every worker goroutine's stack; learned by the first worker
// to start (learnWorkerRun), 0 until then.
var workerRunEntry atomic.Uintptr

// learnWorkerRun records the entry of its caller, (*worker).run. Cheap
// after the first call: one load.
func learnWorkerRun() {
	if workerRunEntry.Load() != 0 {
		return
	}
	var pc [1]uintptr
	if runtime.Callers(2, pc[:]) == 1 {
		if f := runtime.FuncForPC(pc[0] - 1); f != nil {
			workerRunEntry.Store(f.Entry())
		}
	}
}

// stackFrames is how many frames onWorkerStack reads; a deeper stack is
// answered "maybe" (true), and the exact check decides.
const stackFrames = 128

// onWorkerStack reports whether the calling goroutine may be a worker
// goroutine of some Multi: whether (*worker).run is among the bottom
// frames of its stack (below it there is only the goroutine's start:
// runtime.goexit, perhaps a go statement's wrapper). False is exact: a
// goroutine that did not start in (*worker).run is no worker, whatever
// it was started from. True says only "a worker of some Multi, or too
// deep to tell"; Multi.onWorker then compares goroutine ids.
//
// Why a stack walk and not the goroutine id: runtime.Stack formats the
// whole traceback to get the id: 2.2 µs from a benchmark's depth, about
// 9 µs from 16 frames deep, where runtime.Callers and four function
// lookups take 0.29 and about 0.6 µs (BenchmarkOnWorker); a Run
// from outside the workers, which a program may call in a loop, never
// parses an id.
func onWorkerStack() bool {
	entry := workerRunEntry.Load()
	if entry == 0 {
		return true // no worker started yet: let the exact check decide
	}
	var pcs [stackFrames]uintptr
	n := runtime.Callers(2, pcs[:])
	if n == len(pcs) {
		return true
	}
	for i := n - 1; i >= 0 && i >= n-4; i-- {
		if f := runtime.FuncForPC(pcs[i] - 1); f != nil && f.Entry() == entry {
			return true
		}
	}
	return false
}
