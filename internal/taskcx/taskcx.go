// Package taskcx is the executor-facing side of a [future.Context]: the
// fields that only an executor (or a harness standing in for one, such as
// package futuretest or a test) sets before a poll or reads back after it.
// What a future needs — its waker, its budget, its task's name, choices,
// where to record what it waits on, its services — stays on future.Context;
// what flows from the executor down into a poll and back up out of it is
// here, out of the public API.
//
// Package future owns the Context and embeds a [State] in it; [Of], which
// package future sets when it is initialised, returns the State of a
// *future.Context. An executor calls Of once per Context it builds and then
// writes the fields directly, as plain stores: it owns the Context between
// polls and lends it to one poll at a time.
//
// [future.Context]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Context
package taskcx

import (
	"fmt"

	"github.com/kettle-rt/kettle/waker"
)

// Chooser makes a choice among n >= 1 options: which branch a join or
// select polls first. It has future.Chooser's method set, so a value of
// either interface type is assignable to the other.
type Chooser interface {
	Choose(n int) int
}

// State is what an executor sets on a Context for each poll and reads back
// after it.
type State struct {
	// TaskName is the name of the task being polled ("" if unnamed), set
	// before each poll; futures read it with Context.TaskName.
	TaskName string
	// Budget is the cooperative budget left in this poll, or -1 for
	// unlimited (what a bare future.NewContext has). Executors set it to
	// future.DefaultBudget before each poll; Context.ConsumeBudget spends
	// it; a poll that ends with 0 left was a budget yield.
	Budget int32
	// Chooser, when set, picks the order in which joins and selects poll
	// their branches (a seeded executor, a schedule explorer); nil: fixed.
	Chooser Chooser
	// WaitingOn is what the poll's last pending leaf future recorded with
	// Context.SetWaitingOn. Executors clear it before each poll and read it
	// after a Pending one; formatted only when a report or dump asks.
	WaitingOn fmt.Stringer
	// Waits counts the Context.SetWaitingOn calls of this poll
	// (saturating): an executor trusts WaitingOn as the one thing a
	// Pending task waits on only when it is exactly 1. Executors zero it
	// before each poll.
	Waits uint8
	// WakerTaken is set by Context.Waker: the poll took the task's waker,
	// so something may wake the task later. A task none of whose polls
	// ever took its waker can never be woken. Executors clear it before
	// each poll.
	WakerTaken bool
	// Task identifies the task being polled (nil outside an executor), for
	// wait-for graphs: a lock records its holder's Task, and the executor
	// maps Tasks back to its tasks. Set by executors before each poll.
	Task *Token
	// Deferrer, when set, takes the wakers that Context.Defer is given
	// (future.YieldNow's) and wakes them once the executor has polled its
	// I/O driver and timers (tokio's context::defer); nil: Defer wakes at
	// once. Set once by an executor that defers (executor.Local).
	Deferrer Deferrer
}

// Token identifies one task of one executor: an executor embeds one in
// each task and sets [State.Task] to it before every poll. Others compare
// pointers only. Being one byte (never zero-sized, so every Token has its
// own address), it also carries Bits, which belong to the executor that
// owns the task (flags it would otherwise spend a padding byte on).
type Token struct{ Bits uint8 }

// WaitsFor is implemented by what a pending leaf records with
// Context.SetWaitingOn when only the holders of a resource can let it go
// on: a mutex's Lock future waits for the task holding the lock. Executors
// use it to prove a deadlock with the real clock: a set of tasks each of
// which waits only on holders inside the set can never be woken (a wait-for
// cycle, as databases find them).
type WaitsFor interface {
	// WaitsFor appends to dst the tasks whose release the waiter needs
	// (any one of them suffices) and reports whether that list is
	// complete: false when a holder is unknown (a TryLock outside any
	// task), which makes the wait unprovable.
	WaitsFor(dst []*Token) ([]*Token, bool)
}

// Deferrer postpones wakes until the executor has looked at its I/O
// driver and timers. Defer is called on the polling goroutine, during a
// poll; the executor must wake every deferred waker before it parks or
// reports a deadlock, so a deferred task is never stranded.
type Deferrer interface {
	Defer(w waker.Waker)
}

// Of returns the State embedded in cx, which must be a *future.Context
// (typed any here because package future imports this one). Set by
// package future's init; it panics on anything else.
var Of func(cx any) *State
