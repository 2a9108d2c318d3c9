package executor

import (
	_ "unsafe" // for go:linkname
)

// procPin and procUnpin are the runtime's own (runtime/proc.go marks both
// with a push go:linkname, "do not remove or change the type signature",
// go.dev/issue/67401; sync.Pool uses them the same way). procPin returns
// the id of the P (Go's processor) the calling goroutine runs on and keeps
// it there until procUnpin.
//
// Invariant that makes the hint safe: nothing correct depends on its
// answer. Every place it selects (a worker's inbox, a queue.Chain; a
// worker's LIFO slot, an atomic swap) accepts a task from any goroutine,
// and a task queued at the wrong worker is run there or stolen; a wrong
// or stale guess costs locality, and behind a poll that blocks, the wait
// for that poll's end or the blocking detector's rescue (Multi.spawn).
// Why it is here at all: routing a spawn made inside a poll to the
// spawning worker took skynet (1M tasks) on Multi(2) from 414–472 ms to
// 246–281 ms, level with or faster than Local (bench versus -only skynet;
// README, Performance).
//
//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()

// currentP returns the id of the P the caller is running on. The answer
// may be stale as soon as it is returned (the goroutine may move): use it
// only as a hint.
func currentP() int {
	p := procPin()
	procUnpin()
	return p
}
