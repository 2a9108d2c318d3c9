// Package readyset is the ready queue of child wakers under Kettle's
// combinators over many children: the futures-rs FuturesUnordered design,
// shared by package future (JoinAll, TryJoinAll, Race, SelectAll above a
// small size) and package stream (Unordered, Ordered, Merge, Buffered,
// BufferUnordered).
//
// A [Set] numbers its children by slot. Each slot has a [Node]: a waker
// target of its own. Waking a node pushes it onto the set's intrusive
// lock-free ready stack at most once and wakes the parent task; a poll of
// the combinator takes the whole stack with one atomic swap, puts it back
// in wake order, and polls only the children that were woken: O(woken)
// per poll instead of O(all).
//
// The set does not know what a child is (a future, a stream): the owner
// keeps its children in an array indexed by slot. Package future cannot be
// imported here (future imports this package), so the owner passes its
// context's waker and choice in.
//
// Ownership: everything but [Node.Wake] belongs to the goroutine that polls
// the owner (one at a time, as for any future). Wake may run on any
// goroutine, at any time, even after the slot was freed or the owner
// finished: a stale wake costs at most one spurious poll of whatever child
// holds the slot next, which the polling contract allows.
package readyset
