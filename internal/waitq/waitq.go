package waitq

import "github.com/kettle-rt/kettle/waker"

// Waiter is one place in a [Queue]. Embed it (by value) in the future that
// waits; Value carries what the primitive needs per waiter (permits wanted,
// the value to send, a granted flag …). The zero Waiter is not queued.
type Waiter[T any] struct {
	prev, next *Waiter[T]
	q          *Queue[T] // non-nil while queued
	waker      waker.Waker
	// Value is the primitive's per-waiter state, guarded by its lock.
	Value T
}

// Queued reports whether w is in a queue.
func (w *Waiter[T]) Queued() bool { return w.q != nil }

// SetWaker stores wk unless the stored waker already wakes the same task,
// so re-polls with an unchanged waker cost a comparison and no write.
func (w *Waiter[T]) SetWaker(wk waker.Waker) {
	if !w.waker.WillWake(wk) {
		w.waker = wk
	}
}

// Waker returns the stored waker.
func (w *Waiter[T]) Waker() waker.Waker { return w.waker }

// TakeWaker returns the stored waker and clears it.
func (w *Waiter[T]) TakeWaker() waker.Waker {
	wk := w.waker
	w.waker = waker.Waker{}
	return wk
}

// Queue is a FIFO of waiters. The zero value is empty and ready to use.
type Queue[T any] struct {
	head, tail *Waiter[T]
	n          int
}

// Len returns the number of queued waiters.
func (q *Queue[T]) Len() int { return q.n }

// Front returns the oldest waiter, or nil.
func (q *Queue[T]) Front() *Waiter[T] { return q.head }

// Next returns the waiter queued after w, or nil.
func (q *Queue[T]) Next(w *Waiter[T]) *Waiter[T] { return w.next }

// PushBack queues w at the back. It panics if w is already queued (a
// primitive bug: a waiter in two places at once would be woken twice).
func (q *Queue[T]) PushBack(w *Waiter[T]) {
	if w.q != nil {
		panic("waitq: waiter already queued")
	}
	w.q = q
	w.prev = q.tail
	w.next = nil
	if q.tail == nil {
		q.head = w
	} else {
		q.tail.next = w
	}
	q.tail = w
	q.n++
}

// PopFront removes and returns the oldest waiter, or nil.
func (q *Queue[T]) PopFront() *Waiter[T] {
	w := q.head
	if w != nil {
		q.Remove(w)
	}
	return w
}

// Remove unlinks w if it is queued in q and reports whether it was. It is
// O(1): a dropped future leaves its place at once.
func (q *Queue[T]) Remove(w *Waiter[T]) bool {
	if w.q != q || q == nil {
		return false
	}
	if w.prev == nil {
		q.head = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next == nil {
		q.tail = w.prev
	} else {
		w.next.prev = w.prev
	}
	w.prev, w.next, w.q = nil, nil, nil
	q.n--
	return true
}
