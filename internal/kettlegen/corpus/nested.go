package corpus

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// leaf awaits once and defers a log line.
//
//kettle:async
func leaf(co *future.Co, log *Log, name string) string {
	defer log.Add("leaf %s done", name)
	return future.Await(co, V(log, name, name+"!"))
}

// middle calls leaf twice and returns two values.
//
//kettle:async
func middle(co *future.Co, log *Log, n int) (string, int) {
	a := leaf(co, log, fmt.Sprint("m", n))
	b := leaf(co, log, a)
	return a + b, n
}

// NestedChain calls async functions three deep, in a loop and in
// expressions.
//
//kettle:async
func NestedChain(co *future.Co, log *Log) string {
	out := ""
	for i := 0; i < 2; i++ {
		s, n := middle(co, log, i)
		out += fmt.Sprint(s, n, ";")
	}
	out += leaf(co, log, "x") + leaf(co, log, "y")
	if leaf(co, log, "cond") == "cond!" {
		out += "yes"
	}
	return out
}

// NestedReturnTuple returns a nested call's results directly.
//
//kettle:async
func NestedReturnTuple(co *future.Co, log *Log) (string, int) {
	defer log.Add("outer")
	return middle(co, log, 7)
}

// NestedDropDeep is dropped while suspended two calls deep.
//
//kettle:async
func NestedDropDeep(co *future.Co, log *Log) int {
	defer log.Add("top defer")
	s, _ := middle(co, log, 1)
	return len(s)
}

// NestedNoResult calls an async function with no result as a statement.
//
//kettle:async
func NestedNoResult(co *future.Co, log *Log) int {
	NoResult(co, log)
	NoResult(co, log)
	return 2
}

// NestedInDeferArgs awaits a nested call in a deferred call's arguments.
//
//kettle:async
func NestedInDeferArgs(co *future.Co, log *Log) int {
	defer log.Add("deferred %s", leaf(co, log, "darg"))
	return 1
}

// FourResults returns four values.
//
//kettle:async
func FourResults(co *future.Co, log *Log) (int, string, bool, float64) {
	return future.Await(co, V(log, "i", 1)), "s", true, 2.5
}

// NestedFour receives four results.
//
//kettle:async
func NestedFour(co *future.Co, log *Log) string {
	a, b, c, d := FourResults(co, log)
	return fmt.Sprint(a, b, c, d)
}
