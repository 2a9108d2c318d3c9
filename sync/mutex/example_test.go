package mutex_test

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/waker"
)

// Two tasks append to a shared slice under the lock. The lock is FIFO with
// hand-off, so on a single-threaded executor the order is deterministic.
func ExampleMutex() {
	ex := executor.NewLocal()
	defer ex.Close()
	m := mutex.New([]string{}, mutex.Name("log"))
	cook := func(name string) future.Future[future.Unit] {
		return future.Async(func(co *future.Co) future.Unit {
			for step := 1; step <= 2; step++ {
				g := future.Await[*mutex.Guard[[]string]](co, m.Lock())
				*g.Value() = append(*g.Value(), fmt.Sprintf("%s %d", name, step))
				g.Unlock()
				future.Await(co, future.YieldNow())
			}
			return future.Unit{}
		})
	}
	_, err := executor.Run(ex, future.Join2(cook("eggs"), cook("bacon")))
	g, _ := m.TryLock()
	fmt.Println(*g.Value(), err)
	g.Unlock()
	// Output: [eggs 1 bacon 1 eggs 2 bacon 2] <nil>
}

// TryLock never waits, and never overtakes a task waiting in line.
func ExampleMutex_TryLock() {
	m := mutex.New(0)
	g, ok := m.TryLock()
	fmt.Println(ok)
	_, ok = m.TryLock()
	fmt.Println(ok)
	g.Unlock()
	g, ok = m.TryLock()
	fmt.Println(ok)
	g.Unlock()
	// Output:
	// true
	// false
	// true
}

// Dropping a lock future cancels it: whether it was still in line or had
// already been handed the lock, nobody is left waiting for it.
func ExampleLockFuture_Drop() {
	m := mutex.New(0)
	held, _ := m.TryLock()
	f := m.Lock()
	cx := future.NewContext(waker.Noop())
	fmt.Println(f.Poll(cx).IsReady()) // in line behind held
	held.Unlock()                     // handed to f
	f.Drop()                          // f gives it back
	_, ok := m.TryLock()
	fmt.Println(ok)
	// Output:
	// false
	// true
}

// The breakfast deadlock: two tasks take the same two locks in opposite
// orders. The executor's deadlock report names each task, the lock it waits
// on and who holds it.
func ExampleLockFuture_String() {
	ex := executor.NewLocal(executor.DeadlockGrace(0))
	defer ex.Close()
	pan := mutex.New(0, mutex.Name("pan"))
	spoon := mutex.New(0, mutex.Name("spoon"))
	chef := func(first, second *mutex.Mutex[int]) future.Future[future.Unit] {
		return future.Async(func(co *future.Co) future.Unit {
			a := future.Await[*mutex.Guard[int]](co, first.Lock())
			future.Await(co, future.YieldNow()) // let the other chef take its first lock
			b := future.Await[*mutex.Guard[int]](co, second.Lock())
			b.Unlock()
			a.Unlock()
			return future.Unit{}
		})
	}
	eggs := executor.Spawn(ex, chef(spoon, pan), executor.Name("cook eggs"))
	bacon := executor.Spawn(ex, chef(pan, spoon), executor.Name("fry bacon"))
	_, err := executor.Run(ex, future.Join2[future.Result[future.Unit], future.Result[future.Unit]](eggs, bacon))
	fmt.Println(errors.Is(err, executor.ErrDeadlock))
	var report *executor.DeadlockError
	if errors.As(err, &report) {
		for _, line := range report.Tasks[1:] { // [0] is the main future
			fmt.Println(line)
		}
	}
	// Output:
	// true
	// task "cook eggs" waits on mutex.Lock of "pan" held by task "fry bacon"
	// task "fry bacon" waits on mutex.Lock of "spoon" held by task "cook eggs"
}

// Readers share the lock; a writer owns it alone.
func ExampleRWMutex() {
	rw := mutex.NewRW(map[string]int{"eggs": 2})
	w := executor.BlockOn[*mutex.WriteGuard[map[string]int]](rw.Write())
	(*w.Value())["bacon"] = 3
	w.Unlock()
	r1, _ := rw.TryRead()
	r2, _ := rw.TryRead() // a second reader shares the lock
	fmt.Println((*r1.Value())["eggs"], (*r2.Value())["bacon"])
	_, ok := rw.TryWrite()
	fmt.Println(ok)
	r1.Unlock()
	r2.Unlock()
	// Output:
	// 2 3
	// false
}
