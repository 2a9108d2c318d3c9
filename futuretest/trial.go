package futuretest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// Trial is one run of an explored body: the fresh [executor.Local] it runs
// on (with a virtual clock), the schedule being followed, and a [TestingT]
// whose failures belong to this run rather than to the enclosing test.
//
// Every task on the trial's executor is explored, however it was started:
// [Spawn] and [Run], executor.Spawn and executor.Run on
// [Trial.Executor] (also by the code under test, as libraries start their
// workers), join sets and the tasks those tasks spawn. Before each poll
// the trial decides which ready task the executor polls next (see
// [Explore]). [Spawn] and [Run] add one thing: a panic of their task
// fails the run even if nobody looks at its handle.
//
// Errorf marks the run failed and goes on; FailNow and Fatalf mark it
// failed and unwind the goroutine's current work with a private panic: from
// the body itself that ends the run, from inside a task it ends that task
// (its handle yields a *executor.PanicError). A Trial is used from the
// goroutine running the body; it must not be kept after the body returns.
type Trial struct {
	ex *executor.Local
	d  decider

	mu sync.Mutex // guards msgs and failed: Errorf may be called from anywhere

	lastID  uint64 // the task polled last (0: none yet)
	curID   uint64 // the task being polled
	curName string // its name
	steps   int    // polls so far
	// awaitSteps counts the steps so far that only awaited other tasks
	// (por_record.go's awaitOnly), the last one not counted yet.
	awaitSteps int
	awaiting   []uint64 // tasks whose last step only awaited, ascending
	ids        []uint64 // ready task ids, sorted (reused by pick)

	// The run's record for partial-order reduction (por.go): per step
	// (one per Pick, 0-based) the task polled, the resources its poll
	// touched (fp[fpOff[s]:fpOff[s+1]]) and the tasks it woke
	// (wakes[wakeOff[s]:…]); the ready ids of each task point.
	stepTask  []uint64
	fpMu      sync.Mutex // Touch may come from any goroutine
	recording bool       // guarded by fpMu: the run is under way
	fp        []any
	fpWrite   []bool // fpWrite[i]: fp[i] was changed, not only read
	writes    int32  // changing accesses so far (deduplicated or not)
	fpOff     []int32
	wakes     []uint64
	wakeOff   []int32
	readyIDs  []uint64
	prevReady []uint64 // ready ids after the last Pick, without the one picked

	points  []point     // choice points with two or more options, in order
	open    []openPoint // branch points not settled yet, innermost last
	branchC branchChooser

	faults    bool     // InjectFaults
	faultsHit []string // sites of the faults injected so far, in order

	msgs    []string          // Errorf/Fatalf messages and task panics
	failed  bool              // a check failed
	io      string            // the first real I/O by a task, if any
	outside map[uint64]string // task id -> the outside wait of its last poll
}

// openPoint is a branch point whose combinator has not settled yet, and
// how many changing accesses the run had recorded when it was chosen.
type openPoint struct {
	point, writes int32
}

// pointKind says what a choice point chooses.
type pointKind uint8

const (
	ptTask   pointKind = iota // which ready task takes the next step
	ptBranch                  // which branch a join or select polls first
	ptChoice                  // the value of a futuretest.Choice
	ptFault                   // whether an injected fault happens (1) or not (0)
)

// point is one recorded choice point (two or more options).
type point struct {
	kind pointKind
	n    int // options
	c    int // chosen
	def  int // the default: what a search does when it has no reason to deviate
	// last is, for task points, the index of the task that took the
	// previous step if it is ready (a choice of another is a preemption),
	// else -1; -1 for other kinds.
	last int
	// step is the index of the step the point belongs to: for a task
	// point the step it decides, else the step under way.
	step int32
	// ready is, for task points, the offset of its ready ids in
	// Trial.readyIDs (n of them, ascending).
	ready int32
	// open is true for a branch point whose combinator has not settled
	// yet; contended is what it settled (see future.Settler). A branch
	// point that settled uncontended had only one possible outcome.
	open, contended bool
}

// cost is what choosing alt at p costs against Exhaustive's bound: a
// preemption (a task other than the last while the last is ready) or an
// injected fault cost one; everything else is free.
func (p *point) cost(alt int) int {
	switch p.kind {
	case ptTask:
		if p.last >= 0 && alt != p.last {
			return 1
		}
	case ptFault:
		if alt != 0 {
			return 1
		}
	}
	return 0
}

// decider makes a run's choices; each strategy has its own.
type decider interface {
	// task picks an index into ready (task ids, ascending: the order in
	// which the executor first saw them; len >= 2) for step, the number of
	// this step among the run's steps that did more than await other tasks
	// (counted from 1: it repeats after a step that only awaited); last is
	// the index of the task that ran last, or -1 if it is not ready.
	task(step int, ready []uint64, last int) int
	// pick chooses among n >= 2 options of a branch, Choice or fault
	// point whose default is def.
	pick(kind pointKind, n, def int) int
}

// newTrial returns the Trial of a run under d. If old is not nil (the
// previous run's, no longer used), its record buffers are reused: a
// campaign of many runs allocates them once.
func newTrial(d decider, old *Trial) *Trial {
	tr := &Trial{d: d}
	tr.branchC.tr = tr
	if old != nil {
		clear(old.fp) // let the previous run's objects go
		tr.stepTask, tr.fp, tr.fpOff = old.stepTask[:0], old.fp[:0], old.fpOff[:0]
		tr.fpWrite = old.fpWrite[:0]
		tr.wakes, tr.wakeOff, tr.readyIDs = old.wakes[:0], old.wakeOff[:0], old.readyIDs[:0]
		tr.prevReady, tr.ids, tr.points, tr.open = old.prevReady[:0], old.ids[:0], old.points[:0], old.open[:0]
		tr.awaiting = old.awaiting[:0]
	}
	return tr
}

// Executor returns the executor this run drives. Everything spawned on it
// (executor.Spawn, executor.Run, join sets) is explored like the tasks of
// [Spawn] and [Run].
func (tr *Trial) Executor() *executor.Local { return tr.ex }

// Steps returns how many task steps (polls) the run has taken so far.
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

// Spawn starts f as a task on the trial's executor (see [executor.Spawn]
// for opts and the handle); a panic of f fails the run (ErrAssertion)
// even if nobody awaits the handle. Panics naming the call if tr or f is
// nil.
func Spawn[T any](tr *Trial, f future.Future[T], opts ...executor.SpawnOption) *executor.JoinHandle[T] {
	if tr == nil {
		panic("futuretest.Spawn: nil Trial")
	}
	if f == nil {
		panic("futuretest.Spawn: nil future")
	}
	return executor.Spawn(tr.ex, newControlled(tr, f), opts...)
}

// Run drives the trial's executor until f (the task the executor names
// "main") is ready: [executor.Run], with a panic of f failing the run
// like one of a [Spawn]ed task. Panics naming the call if tr or f is nil.
func Run[T any](tr *Trial, f future.Future[T]) (T, error) {
	if tr == nil {
		panic("futuretest.Run: nil Trial")
	}
	if f == nil {
		panic("futuretest.Run: nil future")
	}
	return executor.Run(tr.ex, newControlled(tr, f))
}

// choose records a point of kind with n options and returns the choice.
func (tr *Trial) choose(kind pointKind, n, def int) int {
	if n < 2 {
		return 0
	}
	i := tr.d.pick(kind, n, def)
	tr.points = append(tr.points, point{kind: kind, n: n, c: i, def: def, last: -1, open: kind == ptBranch,
		step: int32(len(tr.stepTask) - 1)})
	return i
}

// notePanic records a panic that escaped the future of a Spawn/Run task.
func (tr *Trial) notePanic(label string, v any) {
	if v == any(errFailNow) {
		return // already recorded by FailNow/Fatalf
	}
	tr.fail(fmt.Sprintf("%s panicked: %v\n%s", label, v, stackOf()))
}

// stackOf returns the current goroutine's stack, trimmed to a sane size.
func stackOf() string {
	buf := make([]byte, 8<<10)
	return strings.TrimSpace(string(buf[:runtime.Stack(buf, false)]))
}

// outsideWaits describes the tasks whose last poll waited on something
// outside the trial and that were not polled again ("" if none): tasks
// still waiting when the run ended, including one that Run dropped on a
// deadlock — the "deadlock" was the wait.
func (tr *Trial) outsideWaits() string {
	if len(tr.outside) == 0 {
		return ""
	}
	ids := make([]uint64, 0, len(tr.outside))
	for id := range tr.outside {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	for _, id := range ids {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(tr.outside[id])
	}
	return b.String()
}
