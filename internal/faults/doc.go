// Package faults is the hook by which Kettle's fallible leaf futures offer
// their failures to a schedule explorer (package futuretest) without
// importing it: the import graph never points up.
//
// A leaf future that can fail for a reason outside the program's control
// (a socket read, a dial, a timeout that may expire first, a send whose
// receiver may close, an acquire on a semaphore that may be closed) calls
// [Fault] at each poll that would otherwise make progress. Fault asks the
// [future.Chooser] installed on the Context: only an explorer with fault
// injection on implements [Injector]; under any other executor the answer
// is false at the cost of a nil check (no Chooser) or a failed type
// assertion (a seeded one). When the answer is true the leaf fails the
// way it would have failed for real, with its package's own error.
//
// [future.Chooser]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Chooser
package faults
