package corpus

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// RangeAssign ranges assigning to existing variables.
//
//kettle:async
func RangeAssign(co *future.Co, log *Log) string {
	var k int
	var v string
	out := ""
	for k, v = range []string{"a", "b"} {
		out += future.Await(co, V(log, v, fmt.Sprint(k, v)))
	}
	return fmt.Sprint(out, k, v)
}

// SwitchInitAwait awaits in a switch's init statement.
//
//kettle:async
func SwitchInitAwait(co *future.Co, log *Log) string {
	switch x := future.Await(co, V(log, "init", 2)); {
	case x > 1:
		return "big"
	default:
		return "small"
	}
}

// RecursiveClosure uses a recursive closure across awaits.
//
//kettle:async
func RecursiveClosure(co *future.Co, log *Log) int {
	var fib func(int) int
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	n := future.Await(co, V(log, "n", 10))
	return fib(n)
}

// Pair is a generic pair.
type Pair[A, B any] struct {
	A A
	B B
}

// genericInner awaits both halves.
//
//kettle:async
func genericInner[A, B any](co *future.Co, log *Log, a A, b B) Pair[A, B] {
	return Pair[A, B]{A: future.Await(co, V(log, "a", a)), B: future.Await(co, V(log, "b", b))}
}

// genericOuter calls a generic async function with its own type parameter.
//
//kettle:async
func genericOuter[T any](co *future.Co, log *Log, x T) Pair[T, string] {
	p := genericInner(co, log, x, "s")
	return p
}

// GenericNested instantiates genericOuter.
//
//kettle:async
func GenericNested(co *future.Co, log *Log) string {
	return fmt.Sprint(genericOuter(co, log, 3.5), genericOuter[bool](co, log, true))
}

// ReturnAwaits awaits in a return list, and discards an awaited value.
//
//kettle:async
func ReturnAwaits(co *future.Co, log *Log) (int, string) {
	_ = future.Await(co, V(log, "discard", 0))
	return future.Await(co, V(log, "r1", 1)), future.Await(co, V(log, "r2", "two"))
}

// ExplicitInstantiation awaits with explicit type arguments and a
// concrete future type.
//
//kettle:async
func ExplicitInstantiation(co *future.Co, log *Log) int {
	f := &val[int]{log: log, name: "concrete", n: 1, v: 8}
	return future.Await[int](co, f) + future.Await[int](co, V(log, "iface", 1))
}

// StructFieldTarget assigns awaited values to struct fields and pointers.
//
//kettle:async
func StructFieldTarget(co *future.Co, log *Log) string {
	type box struct{ a, b int }
	var bx box
	p := &bx
	bx.a = future.Await(co, V(log, "a", 1))
	p.b = future.Await(co, V(log, "b", 2))
	*p = box{a: bx.a * 10, b: future.Await(co, V(log, "c", 3))}
	return fmt.Sprint(bx)
}

// ConstAndTypeLocal uses local constants and types across awaits.
//
//kettle:async
func ConstAndTypeLocal(co *future.Co, log *Log) string {
	const k = 3
	type celsius float64
	t := celsius(future.Await(co, V(log, "t", 20)))
	const unit = "C"
	return fmt.Sprint(t*k, unit)
}

// GoroutineAndChannel starts goroutines and awaits between sends.
//
//kettle:async
func GoroutineAndChannel(co *future.Co, log *Log) int {
	ch := make(chan int, 3)
	for i := 0; i < 3; i++ {
		v := future.Await(co, V(log, "v", i))
		done := make(chan struct{})
		go func() { ch <- v * 2; close(done) }()
		//kettlevet:ignore blocking a ready channel, to test the lowering of channel operations
		<-done
	}
	close(ch)
	s := 0
	//kettlevet:ignore blocking a ready channel, to test the lowering of channel operations
	for x := range ch {
		s += x
	}
	return s
}

//kettlevet:file-ignore blocking the corpus exercises every Go construct in async functions, goroutine hand-offs over channels included
