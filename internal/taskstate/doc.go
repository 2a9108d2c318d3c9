// Package taskstate is the status board of a chef at work (a task): one
// atomic word that says whether the task is waiting in a run queue, being
// polled, woken during its poll, finished, or asked to stop.
//
// The word guarantees the two rules every Kettle executor (the manager)
// relies on: a task is queued at most once, and never polled by two
// goroutines at a time; a wake that arrives during a poll (the pager,
// package waker) makes the task run again after that poll. Transitions are
// methods returning typed outcomes that tell the caller what it now owns,
// in the style of tokio's task state and smol's async-task.
//
// This package is internal: the single-threaded and the work-stealing
// executors of package executor use it; nothing else should.
package taskstate
