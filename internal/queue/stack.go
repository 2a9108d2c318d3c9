package queue

import "sync/atomic"

// Stack is an intrusive lock-free stack (Treiber's) that one consumer
// empties all at once: the inject queue of an executor whose loop takes
// every pending push in one go (the Local executor). Push may be called
// from any goroutine; [Stack.Take] by one consumer at a time; Empty
// from anywhere. The zero value is an empty stack; it must not be copied
// after first use.
//
// Why a stack there rather than a [Chain]: a wake is the hot path of a
// task that waits (a ping-pong wakes one task per message), and a stack
// push costs one compare-and-swap, plus a store of the node's link only
// when it does not already hold the old head (a node pushed on an empty
// stack again, the usual case of a task woken once per turn, skips it),
// where a chain's costs two (its lock and release); a drain costs one
// swap, then reads the links. The price is order: the chain comes out
// newest first, and the consumer reverses it where it puts it. No push
// can be seen half done.
//
// Memory order: the compare-and-swap that publishes a node is sequentially
// consistent and the consumer's swap reads it, so everything a producer
// wrote before Push (the node's link, the task's state and future) is
// visible to the consumer that takes the node. ABA is harmless: producers
// only push (the link is re-checked against the head on every attempt), and
// the consumer only ever takes the whole chain.
type Stack[T any] struct {
	head atomic.Pointer[Node[T]] // newest node; nil when empty
}

// Push adds n. Safe from any goroutine; never blocks, never allocates. n
// must not be in any queue.
func (s *Stack[T]) Push(n *Node[T]) {
	old := s.head.Load()
	for {
		// The link is read back first: a node taken in an earlier drain
		// links to nil (its consumer unlinked it), so pushing it on an
		// empty stack again stores nothing.
		if n.next != old {
			n.next = old
		}
		if s.head.CompareAndSwap(old, n) {
			return
		}
		old = s.head.Load()
	}
}

// Empty reports whether the stack holds no node. Safe from any goroutine;
// one atomic load. A push that has returned is never missed by a later
// Empty (the push's compare-and-swap and this load are sequentially
// consistent).
func (s *Stack[T]) Empty() bool { return s.head.Load() == nil }

// Take removes every node and returns the newest, or nil if there was
// none; [Node.Next] walks from it to the oldest. Consumer only. Reversing
// is left to the caller, so that a batch far larger than the caches is
// read once, where the caller puts it (a ring it can reverse in place).
func (s *Stack[T]) Take() *Node[T] {
	if s.head.Load() == nil {
		return nil
	}
	return s.head.Swap(nil)
}
