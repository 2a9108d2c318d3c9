package corpus

import (
	"cmp"
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// Max awaits two values of any ordered type.
//
//kettle:async
func Max[T cmp.Ordered](co *future.Co, log *Log, a, b T) T {
	x := future.Await(co, V(log, "a", a))
	y := future.Await(co, V(log, "b", b))
	if x > y {
		return x
	}
	return y
}

// MapAll maps a slice through awaits, with two type parameters.
//
//kettle:async
func MapAll[A any, B any](co *future.Co, log *Log, xs []A, fn func(A) B) []B {
	var out []B
	for _, x := range xs {
		out = append(out, fn(future.Await(co, V(log, "x", x))))
	}
	return out
}

// GenericCaller calls generic async functions.
//
//kettle:async
func GenericCaller(co *future.Co, log *Log) string {
	m := Max(co, log, 3, 7)
	s := Max[string](co, log, "b", "a")
	ys := MapAll(co, log, []int{1, 2}, func(i int) string { return fmt.Sprint("#", i) })
	return fmt.Sprint(m, s, ys)
}

// Stack is a generic container with async methods.
type Stack[E any] struct {
	items []E
	log   *Log
}

// PushAll pushes awaited values.
//
//kettle:async
func (s *Stack[E]) PushAll(co *future.Co, xs ...E) int {
	for _, x := range xs {
		s.items = append(s.items, future.Await(co, V(s.log, "push", x)))
	}
	return len(s.items)
}

// StackUser uses the generic async method.
//
//kettle:async
func StackUser(co *future.Co, log *Log) string {
	st := &Stack[string]{log: log}
	n := st.PushAll(co, "a", "b")
	n += st.PushAll(co)
	return fmt.Sprint(n, st.items)
}
