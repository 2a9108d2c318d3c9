// Command kettlegen lowers ordinary Go async functions (marked
// //kettle:async, first parameter co *future.Co) into allocation-free
// state machines implementing future.Future and future.Dropper, written to
// kettle_gen.go in each package. Put
//
//	//go:generate go run github.com/kettle-rt/kettle/cmd/kettlegen
//
// in one file of the package. The compiler itself is in
// internal/kettlegen; this command only runs it and reports errors as
// file:line:col: kettlegen: reason (exit status 1, nothing written).
package main
