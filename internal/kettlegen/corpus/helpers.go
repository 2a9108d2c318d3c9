package corpus

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// Log records side effects in order.
type Log struct{ Entries []string }

// Add appends one entry.
func (l *Log) Add(format string, args ...any) {
	l.Entries = append(l.Entries, fmt.Sprintf(format, args...))
}

// Val returns a future that is pending n times (waking itself), then ready
// with v; it logs when it completes and when it is dropped unfinished.
func Val[T any](log *Log, name string, n int, v T) future.Future[T] {
	return &val[T]{log: log, name: name, n: n, v: v}
}

// V is Val pending once.
func V[T any](log *Log, name string, v T) future.Future[T] { return Val(log, name, 1, v) }

type val[T any] struct {
	log  *Log
	name string
	n    int
	v    T
	done bool
}

func (f *val[T]) Poll(cx *future.Context) future.Poll[T] {
	if f.done {
		panic("val polled after completion")
	}
	if f.n > 0 {
		f.n--
		cx.Waker().Wake()
		return future.Pending[T]()
	}
	f.done = true
	f.log.Add("ready %s", f.name)
	return future.Ready(f.v)
}

func (f *val[T]) Drop() {
	if !f.done {
		f.done = true
		f.log.Add("drop %s", f.name)
	}
}
