package executor

import (
	"runtime/debug"

	"github.com/kettle-rt/kettle/future"
)

// mainName is the name of the future passed to Run, as its task.
const mainName = "main"

// Executor is what [Run], [Spawn] and [SpawnBlocking] drive: a [*Local]
// or a [*Multi]. Its methods are unexported:
// only this package implements it.
type Executor interface {
	// spawn sets up t (id, scheduler, state) and queues it, or completes
	// it with ErrClosed on a closed executor. Safe from any goroutine.
	spawn(t *task)
	// runMain drives the executor until main completes, or returns why not.
	runMain(main *task) error
	// blockingStart counts a SpawnBlocking job in; false if closed.
	blockingStart() bool
	// blockingDone counts it out, after its handle completed.
	blockingDone()
	// goBlocking runs a SpawnBlocking job off the executor's workers: a
	// goroutine of its own for a Local, the bounded pool for a Multi.
	goBlocking(job func())
}

var (
	_ Executor = (*Local)(nil)
	_ Executor = (*Multi)(nil)
)

// Run drives ex until f is ready and returns its value. f is polled as the
// task named "main", on the calling goroutine for a [*Local]; on a
// [*Multi] it is spawned on the workers and the caller blocks until it is
// ready. Other tasks run meanwhile, and those still unfinished when f is
// ready stay on ex for the next Run (or Close).
//
// Errors: [ErrClosed] on a closed executor; [ErrRunning] when ex is already
// running (Run called from inside one of its own tasks, or from another
// goroutine during a Run); a [*PanicError] if f panicked; a
// [*DeadlockError] (errors.Is ErrDeadlock) when f can never be woken, in
// which case f is dropped before Run returns. Panics naming the call if ex
// or f is nil.
func Run[T any](ex Executor, f future.Future[T]) (T, error) {
	if ex == nil {
		panic("executor.Run: nil executor")
	}
	if f == nil {
		panic("executor.Run: nil future")
	}
	h := newHandle(f, "") // runMain gives it the executor's main class
	if err := ex.runMain(&h.hdr); err != nil {
		var zero T
		return zero, err
	}
	r := h.result()
	return r.Value, r.Err
}

// Spawn starts f as a new task on ex and returns its handle. Safe from any
// goroutine, including from inside a task and while a Run is going on
// another goroutine (the loop is unparked). Nothing runs until the
// executor's loop polls the task. On a closed executor f is dropped at
// once and the handle yields [ErrClosed].
//
// Cost: one allocation (the handle, which is the task) when no option is
// given; no goroutine. Panics naming the call if ex or f is nil.
func Spawn[T any](ex Executor, f future.Future[T], opts ...SpawnOption) *JoinHandle[T] {
	if ex == nil {
		panic("executor.Spawn: nil executor")
	}
	if f == nil {
		panic("executor.Spawn: nil future")
	}
	var name string
	if len(opts) > 0 {
		name = spawnName(opts)
	}
	h := newHandle(f, name)
	ex.spawn(&h.hdr)
	return h
}

// spawnName applies spawn options; kept out of Spawn so that the config
// escaping through the interface call does not cost the option-less path.
func spawnName(opts []SpawnOption) string {
	var c spawnConfig
	for _, o := range opts {
		if o == nil {
			panic("executor.Spawn: nil option")
		}
		o.applySpawn(&c)
	}
	return c.name
}

// SpawnBlocking runs fn on a goroutine of its own, off the executor's loop,
// and returns a handle to its result: the way to call blocking code
// (a file read, a cgo call, a lock) from async code without stalling every
// task. A panic in fn is caught and yields a [*PanicError]. While fn runs
// it counts as work in flight, so the executor never reports a deadlock.
// fn cannot be interrupted: [JoinHandle.Abort] does nothing to it, and
// Close does not wait for it. On a closed executor fn is not run and the
// handle yields [ErrClosed]. Panics naming the call if ex or fn is nil.
// On a [*Local] fn gets a goroutine of its own; on a [*Multi] it runs on a
// bounded pool (512 goroutines; more jobs wait in a FIFO queue; idle
// goroutines exit after 10 s). Cost: about two allocations besides fn, and
// a goroutine start when no pooled one is idle.
func SpawnBlocking[T any](ex Executor, fn func() T) *JoinHandle[T] {
	if ex == nil {
		panic("executor.SpawnBlocking: nil executor")
	}
	if fn == nil {
		panic("executor.SpawnBlocking: nil func")
	}
	h := newHandle[T](nil, "")
	h.hdr.class = &blockingClass
	h.hdr.state.Init(false)
	h.hdr.state.Claim() // the job's goroutine owns it until it completes
	if !ex.blockingStart() {
		h.setErr(ErrClosed)
		h.hdr.finish()
		return h
	}
	ex.goBlocking(func() { runBlocking(ex, h, fn) })
	return h
}

func runBlocking[T any](ex Executor, h *JoinHandle[T], fn func() T) {
	defer ex.blockingDone()
	if r := callBlocking(fn); r.Err != nil {
		h.setErr(r.Err)
	} else {
		h.val = r.Value
	}
	h.hdr.finish()
}

func callBlocking[T any](fn func() T) (out future.Result[T]) {
	defer func() {
		if r := recover(); r != nil {
			out = future.Result[T]{Err: &PanicError{Value: r, Stack: debug.Stack()}}
		}
	}()
	return future.Result[T]{Value: fn()}
}

// blockingClass is the class of every blocking job's handle, which no loop
// polls: its state never reaches idle, so schedule is never called.
var blockingClass = taskClass{
	schedule: func(*task) { panic("executor: a blocking job was scheduled") },
	name:     "blocking",
}

// BlockOn runs f to completion on a [Local] of its own and returns f's
// value (futures::executor::block_on). It may be called from any
// goroutine, any number of times at once. Tasks f spawned and left
// unfinished are dropped when it returns, as by [Local.Close]; the Local
// itself is recycled for a later BlockOn when nothing of f's is left on it
// (no task, timer, blocking job or opened reactor), so a BlockOn of a ready
// future costs about a microsecond. Sockets polled under it stay usable by
// later BlockOns or executors (package tcp).
//
// Panics: if f panics, BlockOn re-panics with the original value; on a
// deadlock (provable with the real clock, see the package doc) it panics
// with the [*DeadlockError]. Panics naming the call if f is nil.
func BlockOn[T any](f future.Future[T]) T {
	if f == nil {
		panic("executor.BlockOn: nil future")
	}
	e := blockOnLocal()
	v, err := Run(e, f)
	releaseBlockOnLocal(e)
	if err != nil {
		if p, ok := err.(*PanicError); ok {
			panic(p.Value)
		}
		panic(err)
	}
	return v
}
