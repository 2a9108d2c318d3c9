// Package unusual is code that every analyzer must get through without a
// panic and without a report: generics, iterators, goto, unsafe, aliases,
// method values, futures of futures.
package unusual

import (
	"iter"
	"sync"
	"unsafe"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
)

type Alias = future.Future[int]

type Fut[T any] struct{ v T }

func (f *Fut[T]) Poll(cx *future.Context) future.Poll[T] { return future.Ready(f.v) }

type Constraint[T any] interface {
	*Fut[T]
	future.Future[T]
}

func generic[T any, P Constraint[T]](co *future.Co, p P) T {
	return future.Await[T](co, p)
}

func nested(co *future.Co) int {
	ff := future.Value[future.Future[int]](future.Value(1))
	inner := future.Await(co, ff)
	return future.Await(co, inner)
}

func methodValue(co *future.Co, m *mutex.Mutex[int]) int {
	lock := m.Lock
	g := future.Await(co, lock())
	defer g.Unlock()
	poll := (&Fut[int]{}).Poll
	_ = poll
	return *g.Value()
}

func seq(co *future.Co) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < 3; i++ {
			if !yield(future.Await(co, future.Value(i))) {
				return
			}
		}
	}
}

func rangeFunc(co *future.Co) int {
	s := 0
	for v := range seq(co) {
		s += v
	}
	return s
}

func gotos(co *future.Co, mu *sync.Mutex, m *mutex.Mutex[int]) int {
	i := 0
	g := future.Await(co, m.Lock())
loop:
	if i < 3 {
		i++
		goto loop
	}
	mu.Lock()
	mu.Unlock()
	switch {
	case i > 2:
		i++
		fallthrough
	default:
		i++
	}
	g.Unlock()
	if i < 0 {
		panic("negative")
	}
	return i
}

func pointers(co *future.Co) uintptr {
	x := 1
	return uintptr(unsafe.Pointer(&x)) + unsafe.Sizeof(x)
}

func deferRecover(co *future.Co) (n int) {
	defer func() {
		if recover() != nil {
			n = -1
		}
	}()
	return future.Await(co, Alias(future.Value(3)))
}

type withCo struct{ co *future.Co }

func stored(w withCo) int { return future.Await(w.co, future.Value(1)) }

func empty(co *future.Co) {}

func noBody(co *future.Co) int

func blankCo(_ *future.Co) int { return 0 }

func unnamed(*future.Co) int { return 0 }

func asyncReturningFuture() future.Future[future.Future[int]] {
	return future.Async(func(co *future.Co) future.Future[int] {
		return future.Value(1)
	})
}

func labels(co *future.Co, m *mutex.Mutex[int]) {
outer:
	for {
		for j := 0; j < 3; j++ {
			g := future.Await(co, m.Lock())
			g.Unlock()
			if j == 2 {
				break outer
			}
			continue outer
		}
	}
}

func typeSwitch(co *future.Co, x any) int {
	switch v := x.(type) {
	case future.Future[int]:
		return future.Await(co, v)
	case int:
		return v
	}
	return 0
}

var _ = func() int { return 0 }()

var pkgFuture = future.Value(1)
