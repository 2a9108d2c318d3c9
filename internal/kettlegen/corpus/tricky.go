package corpus

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// Tricky mixes a local type, a recovering defer, break and continue in a
// switch inside a range, an immediately called closure and a bare return.
//
//kettle:async
func Tricky(co *future.Co, log *Log, xs ...int) (total int, err error) {
	type acc struct{ n int }
	a := acc{}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	for i, x := range xs {
		switch {
		case x < 0:
			continue
		case x == 0:
			if len(log.Entries) >= 0 {
				break
			}
			log.Add("never")
		case x > 100:
			panic(fmt.Sprint("too big ", x))
		default:
			a.n += future.Await(co, V(log, "x", x)) * i
		}
		log.Add("after switch %d", i)
	}
	func() { total = a.n }()
	return
}

// GoAwaitArgs awaits in a go statement's arguments.
//
//kettle:async
func GoAwaitArgs(co *future.Co, log *Log) int {
	ch := make(chan int)
	go func(v int) { ch <- v + 1 }(future.Await(co, V(log, "arg", 41)))
	//kettlevet:ignore blocking a ready channel, to test the lowering of channel operations
	return <-ch
}

// ErrorsFlow returns errors through several awaits, with errors.Is.
//
//kettle:async
func ErrorsFlow(co *future.Co, log *Log) (string, error) {
	errBad := errors.New("bad")
	for i := 0; i < 3; i++ {
		r := future.Await(co, V(log, "step", future.Result[int]{Value: i}))
		if r.Err != nil {
			return "", r.Err
		}
		if r.Value == 2 {
			err := fmt.Errorf("step %d: %w", i, errBad)
			return fmt.Sprint(errors.Is(err, errBad)), err
		}
	}
	return "done", nil
}

// DeepBreak breaks out of three loops at once from inside a switch.
//
//kettle:async
func DeepBreak(co *future.Co, log *Log) []int {
	var out []int
top:
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				v := future.Await(co, V(log, "v", i*9+j*3+k))
				switch {
				case v == 13:
					break top
				case v%4 == 0:
					continue top
				}
				out = append(out, v)
			}
		}
	}
	return out
}

//kettlevet:file-ignore blocking the corpus exercises every Go construct in async functions, goroutine hand-offs over channels included
