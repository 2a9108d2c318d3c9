// Package queue holds the run queues of Kettle's executors: the manager's
// order book of chefs (tasks) waiting for a stove.
//
// [Ring] is a growable FIFO ring owned by one goroutine: the Local
// executor's ready list, with an O(1) [Ring.RemoveAt] for seeded random
// choice among ready tasks. [MPSC] is an intrusive lock-free
// multi-producer single-consumer queue (Dmitry Vyukov's design): wakes from
// any goroutine (the pager, package waker) push a task into it with one
// atomic swap and the executor's loop, its single consumer, drains it
// (the Multi executor's global queue). [Stack] is an intrusive lock-free
// stack whose one consumer takes every node at once, handed out in push
// order: the Local executor's queue of woken tasks, where a push costs one
// compare-and-swap and a drain one swap. [Batch] is a pair of rings that
// producers push on under a one-word lock and whose one consumer takes
// the current one whole with a compare-and-swap: the Local executor's
// queue of spawned tasks, where a burst of a million is handed over in
// O(1), and whose lock word also counts (and so numbers) the spawns.
//
// None of the types knows what a task is: the executor embeds a [Node] in its
// task header and keeps a pointer back to the task in [Node.Value] (the
// intrusive queues), or queues task pointers (Ring, Batch).
//
// This package is internal: users reach it only through package executor.
package queue
