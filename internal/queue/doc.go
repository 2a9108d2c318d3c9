// Package queue holds the run queues of Kettle's executors: the manager's
// order book of chefs (tasks) waiting for a stove.
//
// [Ring] is a growable FIFO ring owned by one goroutine: the Local
// executor's ready queue (in front of a list of spawned tasks), with an
// O(1) [Ring.RemoveAt] for seeded random choice among ready tasks. [Chain]
// is an intrusive multi-producer FIFO that producers push on under a
// one-word lock and whose one consumer takes it whole with a
// compare-and-swap, or a few of its oldest under the lock: the Local
// executor's queue of spawned tasks, where a burst of a million is handed
// over in O(1) and whose lock word also counts (and so numbers) the
// spawns, and the Multi executor's global inject queue and per-worker
// inboxes. [Stack] is an intrusive lock-free stack whose one consumer
// takes every node at once, newest first: the Local executor's queue of
// woken tasks, where a push costs one compare-and-swap and a drain one
// swap.
//
// None of the types knows what a task is: the executor embeds a [Node] in
// its task header and keeps a pointer back to the task in [Node.Value]
// (the intrusive queues), or queues task pointers (Ring). A Node is in at
// most one Chain or Stack at a time; its link is a plain pointer, ordered
// by the queue's own atomic word.
//
// This package is internal: users reach it only through package executor.
package queue
