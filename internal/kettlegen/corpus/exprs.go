package corpus

import (
	"fmt"
	"strings"

	"github.com/kettle-rt/kettle/future"
)

func tr(log *Log, s string) string { log.Add("call %s", s); return s }

// CallArgs awaits inside call arguments between calls with effects.
//
//kettle:async
func CallArgs(co *future.Co, log *Log) string {
	return strings.Join([]string{tr(log, "a"), future.Await(co, V(log, "b", "b")), tr(log, "c"), future.Await(co, V(log, "d", "d")), tr(log, "e")}, "")
}

// ShortCircuit awaits on the right of && and ||.
//
//kettle:async
func ShortCircuit(co *future.Co, log *Log) []bool {
	var out []bool
	for _, a := range []bool{false, true} {
		out = append(out, a && future.Await(co, V(log, "and", true)))
		out = append(out, a || future.Await(co, V(log, "or", false)))
	}
	x := future.Await(co, V(log, "left", true)) && (future.Await(co, V(log, "mid", false)) || future.Await(co, V(log, "right", true)))
	return append(out, x)
}

// MapIndexAssign awaits the key and the value of an index assignment.
//
//kettle:async
func MapIndexAssign(co *future.Co, log *Log) map[string]int {
	m := map[string]int{}
	m[tr(log, "k1")] = future.Await(co, V(log, "v1", 1))
	m[future.Await(co, V(log, "k2", "k2"))] += future.Await(co, V(log, "v2", 2))
	return m
}

// MultiAssign awaits in a tuple assignment and a swap.
//
//kettle:async
func MultiAssign(co *future.Co, log *Log) string {
	a, b := future.Await(co, V(log, "a", 1)), future.Await(co, V(log, "b", 2))
	a, b = b, future.Await(co, V(log, "a2", a))
	var c, d = future.Await(co, V(log, "c", "c")), "d"
	return fmt.Sprint(a, b, c, d)
}

// CompositeLits awaits inside composite literals.
//
//kettle:async
func CompositeLits(co *future.Co, log *Log) string {
	type point struct{ X, Y int }
	p := point{X: future.Await(co, V(log, "x", 1)), Y: len(tr(log, "yy"))}
	s := []int{future.Await(co, V(log, "s0", 5)), p.X + p.Y}
	m := map[string]int{tr(log, "key"): future.Await(co, V(log, "mv", 9))}
	q := &point{future.Await(co, V(log, "qx", 3)), 4}
	return fmt.Sprint(p, s, m, *q)
}

// Conversions awaits inside conversions, unary and binary operators.
//
//kettle:async
func Conversions(co *future.Co, log *Log) string {
	f := float64(future.Await(co, V(log, "i", 3))) / 2
	n := -future.Await(co, V(log, "neg", 4))
	b := !future.Await(co, V(log, "not", false))
	s := string(rune(future.Await(co, V(log, "r", 65))))
	return fmt.Sprint(f, n, b, s)
}

// IndexSlice awaits in index and slice expressions.
//
//kettle:async
func IndexSlice(co *future.Co, log *Log) string {
	xs := []int{10, 20, 30, 40, 50}
	a := xs[future.Await(co, V(log, "i", 2))]
	b := xs[future.Await(co, V(log, "lo", 1)):future.Await(co, V(log, "hi", 4))]
	return fmt.Sprint(a, b)
}

// MethodOnAwaited calls a method on an awaited value.
//
//kettle:async
func MethodOnAwaited(co *future.Co, log *Log) string {
	var sb strings.Builder
	sb.WriteString(future.Await(co, V(log, "w", "hello")))
	return strings.ToUpper(future.Await(co, V(log, "s", sb.String()+" world")))
}

// AwaitFuncValue awaits a function value and calls it.
//
//kettle:async
func AwaitFuncValue(co *future.Co, log *Log) int {
	double := func(x int) int { return 2 * x }
	return future.Await(co, V(log, "fn", double))(future.Await(co, V(log, "arg", 21)))
}

// AwaitInSend sends an awaited value on a channel and increments.
//
//kettle:async
func AwaitInSend(co *future.Co, log *Log) int {
	ch := make(chan int, 1)
	ch <- future.Await(co, V(log, "send", 7))
	counts := []int{0}
	counts[future.Await(co, V(log, "idx", 0))]++
	return <-ch + counts[0]
}

// AwaitStruct awaits a struct and selects its fields.
//
//kettle:async
func AwaitStruct(co *future.Co, log *Log) int {
	type pair struct{ A, B int }
	return future.Await(co, V(log, "p", pair{3, 4})).A * future.Await(co, V(log, "q", pair{5, 6})).B
}

// AwaitInterfaceFuture awaits a future held in an interface variable.
//
//kettle:async
func AwaitInterfaceFuture(co *future.Co, log *Log) int {
	var f future.Future[int] = V(log, "iface", 11)
	g := future.Map(V(log, "mapped", 2), func(x int) int { return x * 100 })
	return future.Await(co, f) + future.Await(co, g)
}

// ReceiveAwait receives from an awaited channel.
//
//kettle:async
func ReceiveAwait(co *future.Co, log *Log) int {
	ch := make(chan int, 1)
	//kettlevet:ignore blocking a ready channel, to test the lowering of channel operations
	ch <- 5
	//kettlevet:ignore blocking a ready channel, to test the lowering of channel operations
	return <-future.Await(co, V(log, "chan", ch)) + 1
}

//kettlevet:file-ignore blocking the corpus exercises every Go construct in async functions, goroutine hand-offs over channels included
