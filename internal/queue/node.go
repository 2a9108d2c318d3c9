package queue

// Node is the link a value carries to sit in a [Chain] or a [Stack]:
// intrusive, so queueing allocates nothing. Embed it in the queued struct
// and set Value to point back at that struct (an executor's task sets
// Value to itself).
//
// A Node may be in at most one queue at a time, and at most once: the
// caller guarantees that (an executor's task state word lets only the
// transition that returned an "enqueue" outcome push it).
//
// The link is a plain pointer, not an atomic one: every write to it is
// ordered before the read that follows it by an atomic operation on the
// queue's own word (the lock word of a Chain, the head of a Stack), so
// neither a push nor a take pays a locked instruction for it, and a
// consumer clears the links it walks (Unlink) for the price of a store.
// Go's atomic stores are exchanges on amd64: an atomic link cost a
// million-task burst on a Local 5% of its spawn+join time.
type Node[T any] struct {
	next  *Node[T]
	Value T
}

// Next returns the node after n in a chain a consumer took ([Chain.Take],
// [Stack.Take]), or nil after the last. Only that consumer may call it,
// and only until n is pushed again.
func (n *Node[T]) Next() *Node[T] { return n.next }

// Unlink returns what Next would and clears n's link, so that a node the
// consumer has handed on keeps nothing else alive for the collector (a
// finished task whose handle a user keeps must not keep the tasks queued
// behind it). Only the consumer that took the chain may call it.
func (n *Node[T]) Unlink() *Node[T] {
	m := n.next
	if m != nil {
		n.next = nil
	}
	return m
}

// Link makes m follow n. For a consumer that keeps taken nodes in a list
// of its own (n is its last, m is in no queue); m's link must be nil.
func (n *Node[T]) Link(m *Node[T]) { n.next = m }
