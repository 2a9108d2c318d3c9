package futuretest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/goid"
)

// Trial is one run of an explored body: the fresh [executor.Local] it runs
// on (with a virtual clock), the schedule being followed, and a [TestingT]
// whose failures belong to this run rather than to the enclosing test.
//
// Only tasks started with [Spawn] or [Run] are controlled: at each step the
// trial decides which of the ready controlled tasks polls its future next
// (see [Explore] for how). Tasks started with executor.Spawn directly still
// run, in the executor's FIFO order, but are not explored.
//
// Errorf marks the run failed and goes on; FailNow and Fatalf mark it
// failed and unwind the goroutine's current work with a private panic: from
// the body itself that ends the run, from inside a task it ends that task
// (its handle yields a *executor.PanicError). A Trial is used from the
// goroutine running the body; it must not be kept after the body returns.
type Trial struct {
	ex  *executor.Local
	d   decider
	gid uint64 // goroutine running the body and the executor's loop

	mu    sync.Mutex // guards ready flags and foreign-wake notes: wakes may come from anywhere
	tasks []*ctask   // every controlled task, in spawn order (index = id)

	target *ctask // the task chosen for the current step, until it is polled
	last   *ctask // the task whose future was polled last
	steps  int    // task steps taken (one per poll of a controlled future)

	points  []point // choice points with two or more options, in order
	branchC branchChooser

	msgs    []string // Errorf/Fatalf messages and task panics
	failed  bool
	foreign string          // first wake from a foreign goroutine, if any
	usedIO  bool            // a controlled task's poll opened the executor's reactor
	coro    map[uint64]bool // goroutine id -> is an async block's coroutine (cache)
	diverge error           // first divergence from a replayed schedule
}

// point is one recorded choice point.
type point struct {
	n    int  // options
	c    int  // chosen
	last int  // task points: index of the task that ran last if ready, else -1; branch points: -1
	task bool // a choice of task (false: a join/select branch order)
}

// decider makes a run's choices; each strategy has its own.
type decider interface {
	// task picks an index into ready (sorted by spawn order; len >= 1) for
	// step (counted from 1); last is the index of the task that ran last,
	// or -1 if it is not ready.
	task(step int, ready []*ctask, last int) int
	// branch picks which of n >= 2 branches a join or select polls first.
	branch(n int) int
}

func newTrial(ex *executor.Local, d decider) *Trial {
	tr := &Trial{ex: ex, d: d, gid: goid.Get()}
	tr.branchC.tr = tr
	return tr
}

// Executor returns the executor this run drives: pass it to executor.Run
// or executor.Spawn for work that needs no exploring.
func (tr *Trial) Executor() *executor.Local { return tr.ex }

// Steps returns how many task steps the run has taken so far.
func (tr *Trial) Steps() int { return tr.steps }

// Helper implements [TestingT]; it does nothing.
func (tr *Trial) Helper() {}

// Errorf records a failure of this run and goes on.
func (tr *Trial) Errorf(format string, args ...any) {
	tr.fail(fmt.Sprintf(format, args...))
}

// Fatalf records a failure of this run and stops the current work (see
// [Trial]).
func (tr *Trial) Fatalf(format string, args ...any) {
	tr.fail(fmt.Sprintf(format, args...))
	panic(errFailNow)
}

// FailNow marks this run failed and stops the current work (see [Trial]).
func (tr *Trial) FailNow() {
	tr.fail("")
	panic(errFailNow)
}

// Logf records a message, shown with the run's failure if it fails.
func (tr *Trial) Logf(format string, args ...any) {
	tr.mu.Lock()
	tr.msgs = append(tr.msgs, "log: "+fmt.Sprintf(format, args...))
	tr.mu.Unlock()
}

// Failed reports whether this run has failed a check so far.
func (tr *Trial) Failed() bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.failed
}

func (tr *Trial) fail(msg string) {
	tr.mu.Lock()
	tr.failed = true
	if msg != "" {
		tr.msgs = append(tr.msgs, msg)
	}
	tr.mu.Unlock()
}

// errFailNow is the private panic value of FailNow and Fatalf.
var errFailNow = &failNow{}

type failNow struct{}

func (*failNow) String() string { return "futuretest: Trial.FailNow" }

// Spawn starts f as a controlled task on the trial's executor (see
// [executor.Spawn] for opts and the handle). Panics naming the call if tr
// or f is nil.
func Spawn[T any](tr *Trial, f future.Future[T], opts ...executor.SpawnOption) *executor.JoinHandle[T] {
	if tr == nil {
		panic("futuretest.Spawn: nil Trial")
	}
	if f == nil {
		panic("futuretest.Spawn: nil future")
	}
	return executor.Spawn(tr.ex, newControlled(tr, f), opts...)
}

// Run drives the trial's executor until f, a controlled task (the executor
// names it "main"), is ready: [executor.Run] with f explored like a
// spawned task. Panics naming the call if tr or f is nil.
func Run[T any](tr *Trial, f future.Future[T]) (T, error) {
	if tr == nil {
		panic("futuretest.Run: nil Trial")
	}
	if f == nil {
		panic("futuretest.Run: nil future")
	}
	return executor.Run(tr.ex, newControlled(tr, f))
}

// pickTarget decides the current step: which ready controlled task polls
// its future next. Called by a controlled task's poll when no step is
// decided; the polled task is ready, so the set is not empty.
func (tr *Trial) pickTarget() {
	tr.mu.Lock()
	var ready []*ctask
	for _, c := range tr.tasks {
		if c.ready && !c.done {
			ready = append(ready, c)
		}
	}
	tr.mu.Unlock()
	last := -1
	if tr.last != nil {
		last = slices.Index(ready, tr.last)
	}
	tr.steps++
	i := tr.d.task(tr.steps, ready, last)
	if len(ready) > 1 {
		tr.points = append(tr.points, point{n: len(ready), c: i, last: last, task: true})
	}
	tr.target = ready[i]
}

// branchChooser is the future.Chooser installed on the Context while a
// controlled future is polled: every join/select branch order is a choice
// point of the run.
type branchChooser struct{ tr *Trial }

func (b *branchChooser) Choose(n int) int {
	tr := b.tr
	i := tr.d.branch(n)
	tr.points = append(tr.points, point{n: n, c: i, last: -1})
	return i
}

// noteWake records that c's waker fired: c is ready again. A wake from a
// goroutine other than the body's is noted as unsupported.
func (tr *Trial) noteWake(c *ctask) {
	g := goid.Get()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if !c.done {
		c.ready = true
	}
	if g == tr.gid || tr.foreign != "" {
		return
	}
	co, seen := tr.coro[g]
	if !seen {
		co = isCoroutine()
		if tr.coro == nil {
			tr.coro = map[uint64]bool{}
		}
		tr.coro[g] = co
	}
	if !co {
		tr.foreign = fmt.Sprintf("%s was woken from goroutine %d, not the executor's loop (goroutine %d): "+
			"real time (a timer not on the run's virtual clock), real I/O, SpawnBlocking, another executor "+
			"or a plain goroutine", c.label(), g, tr.gid)
	}
}

// notePanic records a panic that escaped a controlled future.
func (tr *Trial) notePanic(c *ctask, v any) {
	if v == any(errFailNow) {
		return // already recorded by FailNow/Fatalf
	}
	tr.fail(fmt.Sprintf("%s panicked: %v\n%s", c.label(), v, stackOf()))
}

// stackOf returns the current goroutine's stack, trimmed to a sane size.
func stackOf() string {
	buf := make([]byte, 8<<10)
	return strings.TrimSpace(string(buf[:runtime.Stack(buf, false)]))
}

// noteIO records that c's poll did real I/O (it opened the executor's
// reactor): socket readiness comes from the kernel, outside the explored
// schedule, so the run cannot be replayed. Reported as ErrUnsupported.
func (tr *Trial) noteIO(c *ctask) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.usedIO = true
	if tr.foreign == "" {
		tr.foreign = fmt.Sprintf("%s did real I/O (a socket was registered with the executor's reactor): "+
			"readiness comes from the kernel, outside the explored schedule, so the run cannot be replayed", c.label())
	}
}
