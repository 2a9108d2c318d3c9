package corpus

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// ClosureLoopVars captures per-iteration loop variables (Go 1.22).
//
//kettle:async
func ClosureLoopVars(co *future.Co, log *Log) []int {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
		future.Await(co, V(log, "it", i))
		i += 0
	}
	for _, x := range []int{10, 20} {
		fs = append(fs, func() int { return x })
		future.Await(co, V(log, "rx", x))
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// ClosureLoopVarMutated mutates a captured loop variable inside the body.
//
//kettle:async
func ClosureLoopVarMutated(co *future.Co, log *Log) []int {
	var fs []func() int
	for i := 0; i < 6; i++ {
		fs = append(fs, func() int { return i * 100 })
		i++
		future.Await(co, V(log, "i", i))
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// ClosureShared shares a variable between the body and a closure across
// awaits.
//
//kettle:async
func ClosureShared(co *future.Co, log *Log) int {
	n := 0
	inc := func() { n++ }
	inc()
	future.Await(co, V(log, "a", 0))
	inc()
	n += future.Await(co, V(log, "b", 10))
	inc()
	return n
}

// ClosureReturned returns a closure over a local that outlives the machine.
//
//kettle:async
func ClosureReturned(co *future.Co, log *Log) int {
	x := future.Await(co, V(log, "x", 4))
	get := func() int { return x * x }
	x++
	future.Await(co, V(log, "y", 0))
	return get()
}

// AddressOf takes the address of locals across awaits.
//
//kettle:async
func AddressOf(co *future.Co, log *Log) []int {
	var ps []*int
	for i := 0; i < 3; i++ {
		v := i * 2
		ps = append(ps, &v)
		future.Await(co, V(log, "v", v))
		v++
	}
	var out []int
	for _, p := range ps {
		out = append(out, *p)
	}
	return out
}

// PointerMethod calls a pointer method on a local value across awaits.
//
//kettle:async
func PointerMethod(co *future.Co, log *Log) int {
	var acc accum
	acc.add(future.Await(co, V(log, "a", 3)))
	p := &acc
	acc.add(future.Await(co, V(log, "b", 4)))
	return p.n
}

type accum struct{ n int }

func (a *accum) add(x int) { a.n += x }

// ClosureInGoroutine starts a goroutine with a closure over a local.
//
//kettle:async
func ClosureInGoroutine(co *future.Co, log *Log) int {
	v := future.Await(co, V(log, "v", 5))
	done := make(chan int)
	go func() { done <- v * 3 }()
	//kettlevet:ignore blocking a ready channel, to test the lowering of channel operations
	return <-done
}

// ClosureParamCaptured captures a parameter-like local.
//
//kettle:async
func ClosureParamCaptured(co *future.Co, log *Log) string {
	name := "p"
	say := func(s string) string { return fmt.Sprint(name, ":", s) }
	return say(future.Await(co, V(log, "s", "x"))) + say(future.Await(co, V(log, "t", "y")))
}

// ArraySliced slices a local array across awaits.
//
//kettle:async
func ArraySliced(co *future.Co, log *Log) []int {
	var arr [4]int
	s := arr[:]
	for i := range 4 {
		s[i] = future.Await(co, V(log, "i", i+1))
	}
	return arr[:]
}

//kettlevet:file-ignore blocking the corpus exercises every Go construct in async functions, goroutine hand-offs over channels included
