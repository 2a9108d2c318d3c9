package offload

import (
	"fmt"
	"runtime/debug"
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/waker"
)

// Pool runs blocking jobs off the executor's workers.
type Pool interface {
	// Go runs job on another goroutine and returns true, or returns false
	// (running nothing) when the pool is closed.
	Go(job func()) bool
}

var key = future.NewServiceKey[Pool]("offload.Pool")

// Provide stores p on the service table s. Call it while building s.
func Provide(s *future.Services, p Pool) { key.Set(s, p) }

// From returns the pool of the executor polling cx, or the fallback (a
// goroutine per job) when cx carries none.
func From(cx *future.Context) Pool {
	if cx != nil {
		if p, ok := key.From(cx); ok && p != nil {
			return p
		}
	}
	return fallback{}
}

// fallback runs each job on a goroutine of its own.
type fallback struct{}

func (fallback) Go(job func()) bool {
	go job()
	return true
}

// Job states (job.state).
//
//	running   → finished: the job's goroutine published val (or a panic)
//	            and then wakes the registered waker.
//	running   → abandoned: Drop came first; the job's goroutine, finding
//	            it so, passes its value to discard itself.
//	finished  → taken: Poll returned the value, or Drop discarded it.
const (
	running uint32 = iota
	finished
	abandoned
	taken
)

// job is the state shared by a Future and its goroutine.
type job[T any] struct {
	state    atomic.Uint32
	val      T   // written by the goroutine before running→finished; read after
	panicked any // a panic of fn, re-raised by Poll
	stack    []byte
	w        waker.Atomic
}

// Future is the future returned by [Run]: it runs fn on the blocking pool
// and is Ready with its value.
type Future[T any] struct {
	fn      func() T
	discard func(T)
	what    string
	j       *job[T]
	ph      phase.Phase // Done after Ready, Dropped after Drop
}

// Run returns a future that runs fn on the blocking pool of the executor
// polling it (see From). discard, if not nil, receives a value that
// nobody will take because the future was dropped first (close a file
// there). what names the job in task dumps ("aio.ReadFile a.txt"). A panic
// in fn is re-raised by Poll.
func Run[T any](what string, fn func() T, discard func(T)) *Future[T] {
	return &Future[T]{fn: fn, discard: discard, what: what}
}

// Poll submits the job on the first call and is Ready once it returned.
func (f *Future[T]) Poll(cx *future.Context) future.Poll[T] {
	f.ph.Check(f)
	if f.j == nil {
		j := &job[T]{}
		f.j = j
		fn, discard := f.fn, f.discard
		f.fn = nil
		run := func() { j.run(fn, discard) }
		if !From(cx).Go(run) {
			fallback{}.Go(run)
		}
	}
	j := f.j
	if j.state.Load() != finished {
		j.w.Register(cx.Waker())
		if j.state.Load() != finished {
			cx.SetWaitingOn(f)
			return future.Pending[T]()
		}
	}
	f.ph = phase.Done
	j.state.Store(taken)
	if j.panicked != nil {
		panic(fmt.Sprintf("%v\n\nblocking job stack:\n%s", j.panicked, j.stack))
	}
	v := j.val
	var zero T
	j.val = zero
	return future.Ready(v)
}

// Drop abandons the job: it cannot be interrupted, but its value goes to
// discard. Idempotent; a no-op after Ready.
func (f *Future[T]) Drop() {
	if !f.ph.Live() {
		return
	}
	f.ph = phase.Dropped
	j := f.j
	if j == nil || j.state.CompareAndSwap(running, abandoned) {
		return // never started, or the goroutine will discard
	}
	if j.state.CompareAndSwap(finished, taken) && f.discard != nil && j.panicked == nil {
		f.discard(j.val)
	}
}

// String names the job for task dumps.
func (f *Future[T]) String() string { return f.what }

func (j *job[T]) run(fn func() T, discard func(T)) {
	v, ok := j.call(fn)
	if ok {
		j.val = v
	}
	// running→finished publishes val (and panicked) to the Poll that
	// loads finished.
	if j.state.CompareAndSwap(running, finished) {
		j.w.Wake()
		return
	}
	if ok && discard != nil { // abandoned
		discard(v)
	}
}

func (j *job[T]) call(fn func() T) (v T, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			j.panicked, j.stack = r, debug.Stack()
		}
	}()
	return fn(), true
}
