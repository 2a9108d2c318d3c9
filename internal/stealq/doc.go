// Package stealq is the run queue of one worker of the work-stealing
// executor (the manager's station where a chef's next orders wait): a
// fixed-size ring that its owner pushes to and pops from without locks, and
// that other workers (thieves) steal half of in one step.
//
// It is internal: package executor's Multi gives each worker one [Queue]
// and sends what does not fit to its global inject queue. Its capacity is
// [Capacity] (256), shrunk to 4 under the kettle_smallring build tag so that
// tests reach the overflow and steal paths with a handful of tasks.
//
// The design follows the one in tokio's multi_thread queue (a head word
// packing the "steal" and "real" indices, so that a thief reserves a range
// before copying it); the code and its proofs are our own.
package stealq
