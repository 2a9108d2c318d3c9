// Package bench holds Kettle's Go benchmarks: what the kitchen costs. They
// compare poll-based tasks run by the manager (package executor) with
// goroutines doing the same work: spawn and join, wake-up and re-poll,
// yielding, chained spawns, and the recipe cards themselves (package
// future: polls, joins, async blocks).
//
// Run them with a short benchtime on a quiet machine, for example:
//
//	go test -run '^$' -bench . -benchtime 200ms ./bench/
//
// Every benchmark reports allocations. The package has no non-test code.
package bench
