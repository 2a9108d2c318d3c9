package corpus

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// DeferOrder registers defers around awaits.
//
//kettle:async
func DeferOrder(co *future.Co, log *Log) int {
	defer log.Add("first")
	x := future.Await(co, V(log, "x", 1))
	defer log.Add("second %d", x)
	y := future.Await(co, V(log, "y", 2))
	defer func() { log.Add("third %d", x+y) }()
	return x + y
}

// DeferInLoop registers a defer per iteration of an awaiting loop.
//
//kettle:async
func DeferInLoop(co *future.Co, log *Log) int {
	s := 0
	for i := 0; i < 3; i++ {
		defer func() { log.Add("loop defer i=%d", i) }()
		s += future.Await(co, V(log, "it", i))
	}
	return s
}

// DeferArgsAwait awaits in a deferred call's arguments.
//
//kettle:async
func DeferArgsAwait(co *future.Co, log *Log) string {
	defer log.Add("deferred with %s", future.Await(co, V(log, "arg", "A")))
	v := future.Await(co, V(log, "body", "B"))
	return v
}

// DeferClosureArgs defers a closure with arguments evaluated at once.
//
//kettle:async
func DeferClosureArgs(co *future.Co, log *Log) int {
	x := 1
	defer func(v int) { log.Add("arg %d, now %d", v, x) }(x)
	x = future.Await(co, V(log, "x", 5))
	return x
}

// NamedResultDefer modifies a named result in a defer.
//
//kettle:async
func NamedResultDefer(co *future.Co, log *Log) (n int, err error) {
	defer func() {
		if err != nil {
			n = -n
			err = fmt.Errorf("wrapped: %w", err)
		}
	}()
	n = future.Await(co, V(log, "n", 5))
	return n * 2, errors.New("boom")
}

// PanicAfterDefers panics after a partial defer list.
//
//kettle:async
func PanicAfterDefers(co *future.Co, log *Log) int {
	defer log.Add("d1")
	x := future.Await(co, V(log, "x", 1))
	defer log.Add("d2 %d", x)
	if x == 1 {
		panic("kaboom")
	}
	defer log.Add("never")
	return x
}

// RecoverPanic recovers a panic in a deferred closure and returns named
// results.
//
//kettle:async
func RecoverPanic(co *future.Co, log *Log) (res string) {
	defer func() {
		if r := recover(); r != nil {
			log.Add("recovered %v", r)
			res = fmt.Sprint("recovered:", r)
		}
	}()
	future.Await(co, V(log, "pre", 0))
	mustPositive(-1)
	return "unreachable"
}

// RecoverUnnamed recovers with unnamed results: zero values come out.
//
//kettle:async
func RecoverUnnamed(co *future.Co, log *Log) (int, string) {
	defer func() { log.Add("recover %v", recover()) }()
	future.Await(co, V(log, "pre", 0))
	panic(errors.New("e"))
}

// PanicInDefer panics in a defer during a normal return.
//
//kettle:async
func PanicInDefer(co *future.Co, log *Log) int {
	defer log.Add("outer defer runs")
	defer func() { panic("from defer") }()
	return future.Await(co, V(log, "v", 3))
}

// PanicReplaced replaces a panic with another in a defer.
//
//kettle:async
func PanicReplaced(co *future.Co, log *Log) int {
	defer func() { log.Add("last sees %v", recover()) }()
	defer func() { panic("second") }()
	future.Await(co, V(log, "v", 0))
	panic("first")
}

// RecoverOnDrop observes the drop signal in a deferred recover.
//
//kettle:async
func RecoverOnDrop(co *future.Co, log *Log) int {
	defer func() {
		if r := recover(); r != nil {
			log.Add("recovered drop: %v", r)
		}
	}()
	return future.Await(co, V(log, "a", 1)) + future.Await(co, V(log, "b", 2))
}

// DeferNilFunc defers a nil function: it panics when the defers run.
//
//kettle:async
func DeferNilFunc(co *future.Co, log *Log) int {
	var f func()
	defer func() { log.Add("recovered %v", recover() != nil) }()
	defer f()
	return future.Await(co, V(log, "v", 1))
}

// DeferMethodValue defers a method whose receiver is evaluated at once.
//
//kettle:async
func DeferMethodValue(co *future.Co, log *Log) int {
	c := counter{log: log, n: 1}
	defer c.report()
	c.n = future.Await(co, V(log, "n", 9))
	defer c.report()
	return c.n
}

type counter struct {
	log *Log
	n   int
}

func (c counter) report() { c.log.Add("counter %d", c.n) }

// DeferBuiltin defers builtins.
//
//kettle:async
func DeferBuiltin(co *future.Co, log *Log) int {
	ch := make(chan int, 1)
	m := map[int]int{1: 1}
	defer close(ch)
	defer delete(m, 1)
	ch <- future.Await(co, V(log, "v", len(m)))
	return <-ch
}

// DeferInConditional defers only on one path, inside a block without
// awaits.
//
//kettle:async
func DeferInConditional(co *future.Co, log *Log) int {
	for i := 0; i < 3; i++ {
		if i%2 == 0 {
			defer log.Add("even %d", i)
		}
		future.Await(co, V(log, "i", i))
	}
	return 3
}

// PanicNotRecoveredInNested panics inside a nested async call.
//
//kettle:async
func PanicNotRecoveredInNested(co *future.Co, log *Log) int {
	defer log.Add("outer defer")
	return PanicAfterDefers(co, log) + 1
}

func mustPositive(n int) {
	if n <= 0 {
		panic(fmt.Sprintf("not positive: %d", n))
	}
}

// DeferLitAwaitArg awaits the argument of a deferred function literal.
//
//kettle:async
func DeferLitAwaitArg(co *future.Co, log *Log) int {
	defer func(v string, n int) { log.Add("deferred %s %d", v, n) }(future.Await(co, V(log, "v", "A")), len(log.Entries))
	return future.Await(co, V(log, "body", 2))
}

// NilFuture awaits a nil future: Await panics.
//
//kettle:async
func NilFuture(co *future.Co, log *Log) int {
	var f future.Future[int]
	defer log.Add("deferred")
	future.Await(co, V(log, "first", 0))
	return future.Await(co, f)
}

// recoverTo is the named-function recover idiom.
func recoverTo(log *Log, err *error) {
	if r := recover(); r != nil {
		log.Add("recoverTo %v", r)
		*err = fmt.Errorf("recovered: %v", r)
	}
}

// NamedRecover recovers through a deferred named function.
//
//kettle:async
func NamedRecover(co *future.Co, log *Log) (n int, err error) {
	defer recoverTo(log, &err)
	n = future.Await(co, V(log, "n", 3))
	if n == 3 {
		panic("three")
	}
	return n, nil
}

// NamedRecoverTwice defers the same recovering function as NamedRecover:
// the second machine must inline it too.
//
//kettle:async
func NamedRecoverTwice(co *future.Co, log *Log) (n int, err error) {
	defer recoverTo(log, &err)
	defer recoverTo(log, &err)
	n = future.Await(co, V(log, "n", 4))
	panic("four")
}
