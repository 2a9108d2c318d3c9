package unawaited

import (
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/sync/oneshot"
	"github.com/kettle-rt/kettle/timer"
)

// The interface check at package level is not a dropped future.
var _ future.Future[future.Unit] = (*timer.SleepFuture)(nil)

var _ = timer.Sleep // a function value, not a future

type myFuture[T any] struct{ v T }

func (f *myFuture[T]) Poll(cx *future.Context) future.Poll[T] { return future.Ready(f.v) }

func newMy[T any](v T) *myFuture[T] { return &myFuture[T]{v} }

// notAFuture has a Poll method of the wrong shape.
type notAFuture struct{}

func (notAFuture) Poll(cx *future.Context) bool { return true }

func bad(co *future.Co, tx *mpsc.Sender[int], m *mutex.Mutex[int]) {
	tx.Send(1)                   // want `unawaited: future is never polled: Await it, Spawn it, or Drop it`
	_ = timer.Sleep(time.Second) // want `unawaited: future is never polled`
	timer.Sleep(time.Second)     // want `unawaited: future is never polled`
	(m.Lock())                   // want `unawaited: future is never polled`
	newMy[string]("x")           // want `unawaited: future is never polled`
	future.Value(1)              // want `unawaited: future is never polled`
	var _ = m.Lock()             // want `unawaited: future is never polled`
	_, _ = m.Lock(), 1           // want `unawaited: future is never polled`
	_, ok := pair()              // want `unawaited: future is never polled`
	_ = ok
	f := tx.Send(2) // want `unawaited: future is never polled`
	if v, ok := f.Unsent(); ok {
		_ = v
	}
	g := m.Lock() // want `unawaited: future is never polled`
	_ = g
	// Not caught: the check is not flow-sensitive, and h is awaited later.
	h := timer.Sleep(1)
	h = timer.Sleep(2)
	future.Await(co, h)
	future.Async(func(co *future.Co) int { // want `unawaited: future is never polled`
		return 1
	})
	defer timer.Sleep(1)   // want `unawaited: future is never polled`
	go m.Lock()            // want `unawaited: future is never polled`
	defer future.Drop(nil) // returns nothing
}

func pair() (future.Future[int], bool) { return nil, true }

func good(co *future.Co, ex executor.Executor, tx *mpsc.Sender[int], os *oneshot.Sender[int], m *mutex.Mutex[int]) future.Future[int] {
	// Awaited, spawned, dropped, handed on.
	if err := future.Await(co, tx.Send(1)); err != nil {
		return nil
	}
	future.Await(co, timer.Sleep(time.Second))
	executor.Spawn(ex, timer.Sleep(1)) // a JoinHandle may be dropped: the task runs
	h := executor.Spawn(ex, future.Value(1))
	h.Abort()
	executor.SpawnBlocking(ex, func() int { return 1 })
	_ = executor.Spawn(ex, future.Value(2))
	f := m.Lock()
	future.Drop(f)
	g := m.Lock()
	g.Drop()
	p := newMy(1)
	p.Poll(nil)
	_ = os.Send(1) // an error, not a future
	os.Send(2)
	var ch chan future.Future[int]
	ch <- future.Value(3)
	q := future.Value(4)
	go func() { future.Await(co, q) }()
	r := future.Value(5)
	keep(r)
	s := future.Value(6)
	var t future.Future[int]
	t = s
	_ = t
	notAFuture{}.Poll(nil)
	var fs []future.Future[int]
	fs = append(fs, future.Value(7))
	_ = fs
	_ = future.Value[int] // a function value
	x := future.Value(8)
	_ = x // named once, then ...
	return x
}

func keep(f future.Future[int]) {}

// Generic code: a T is not known to be a future.
func generic[T any, F future.Future[T]](mk func() F, v T) {
	mk()
	_ = v
}
