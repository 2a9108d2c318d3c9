// Package exechook is the private door between package executor and the
// packages built on top of it that must steer it (package futuretest): it
// declares what a schedule controller sees and does, and package executor
// fills in [PickerOption] when it is initialised. Users cannot import it;
// nothing here is public API.
//
// A [Picker] installed on a Local (executor.NewLocal with the option that
// [PickerOption] returns) chooses, before every poll, which of the ready
// tasks the loop polls next — every task on that Local, whether spawned
// by executor.Spawn, by Run, or by code under test. If the Picker also
// implements future.Chooser, it is installed on the Context too and
// chooses the order in which joins and selects poll their branches.
package exechook

// Picker chooses which ready task a Local polls next.
type Picker interface {
	// Pick returns an index in [0, r.Len()) of the task to poll next. It
	// is called on the loop's goroutine before every poll, also when only
	// one task is ready (r.Len() >= 1 always), so a controller sees every
	// step. r is valid only during the call.
	Pick(r Ready) int
}

// Ready is a Local's run queue as a Picker sees it. The order is the
// queue's, which is deterministic but not FIFO once a picker has taken a
// task out of the middle (the front moves into its place): identify tasks
// by ID.
type Ready interface {
	// Len is the number of ready tasks (>= 1).
	Len() int
	// ID is the task's number within its executor (the N of `task #N`,
	// TaskInfo.ID): unique, stable, in the order the loop first saw the
	// tasks.
	ID(i int) uint64
	// Name is the task's name (executor.Name; "main" for Run's future), or
	// "" when unnamed.
	Name(i int) string
}

// PickerOption returns an executor.Option (typed any here, to keep the
// import graph pointing down) that installs p on a Local. NewMulti rejects
// it, as it rejects Seed. Set by package executor's init; nil only if
// package executor is not linked in.
var PickerOption func(p Picker) any

// IsTask reports whether res, a resource reported to package
// internal/footprint, is a task's completion: what polling its JoinHandle
// reads and its finishing writes. A step whose footprint is only such
// reads awaits other tasks and changes nothing (futuretest's PCT does not
// spend change points on it). Set by package executor's init.
var IsTask func(res any) bool
