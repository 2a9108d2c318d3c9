package corpus

import "github.com/kettle-rt/kettle/future"

//go:generate go run github.com/kettle-rt/kettle/cmd/kettlegen

// Seq awaits two values in sequence.
//
//kettle:async
func Seq(co *future.Co, log *Log) int {
	a := future.Await(co, V(log, "a", 1))
	log.Add("got a=%d", a)
	b := future.Await(co, V(log, "b", 2))
	return a + b
}

// ExprOrder awaits inside an expression.
//
//kettle:async
func ExprOrder(co *future.Co, log *Log) int {
	return note(log, "x", 1) + future.Await(co, V(log, "y", 10))*future.Await(co, V(log, "z", 100))
}

func note(log *Log, s string, v int) int { log.Add("note %s", s); return v }

// Loop sums in a loop with defers.
//
//kettle:async
func Loop(co *future.Co, log *Log, n int) (sum int) {
	defer func() { log.Add("defer sum=%d", sum) }()
	for i := 0; i < n; i++ {
		defer log.Add("loop defer %d", i)
		sum += future.Await(co, V(log, "i", i))
	}
	return sum
}

// Nested calls another async function.
//
//kettle:async
func Nested(co *future.Co, log *Log) (int, string) {
	x := Seq(co, log)
	s := ""
	if x > 2 && future.Await(co, V(log, "cond", true)) {
		s = "big"
	} else {
		s = "small"
	}
	return x, s
}
