// Package workloads holds the side-by-side workloads of Kettle's versus
// runner: each one is written twice, once as Kettle tasks (recipe cards,
// package future, run as chefs at work by the manager, package executor)
// and once as plain goroutines doing the same work, so that
// [github.com/kettle-rt/kettle/bench/cmd/versus] and the Go benchmarks
// of package bench (BenchmarkVersus) measure the very same code.
//
// A [Workload] names the work, its unit and its sizes; [Measure] runs one
// cell of the matrix: one workload, one [Contender] (Kettle's Local or
// Multi executor, or goroutines at GOMAXPROCS=1 or all), one size. Every
// workload's Kettle side is a hand-written state machine, the
// allocation-free path, except parked_memory_async, which measures async
// blocks (future.Async) on purpose.
//
// Every value a workload returns is lower-is-better: wall-clock
// milliseconds, bytes per parked task, or milliseconds by which the last
// timer fired after its deadline. Each run checks its own result (a sum, a
// count) and returns an error when the work was not all done.
//
// Neighbours: package executor (Local, Multi, Spawn, Run), package future,
// package timer (Sleep), packages sync/mutex, sync/mpsc and sync/oneshot,
// package net/tcp and package aio (tcp_echo).
package workloads
