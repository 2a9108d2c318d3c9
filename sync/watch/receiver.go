package watch

import "github.com/kettle-rt/kettle/internal/phase"

// Receiver watches the value. It belongs to one owner at a time (a task or
// a goroutine); [Receiver.Clone] makes another receiver for another owner.
type Receiver[T any] struct {
	ch     *channel[T]
	seen   uint64 // the last version seen; owner-only
	closed bool   // guarded by ch.mu
	// changed is the future handed out by Changed when not in use, so
	// that a watch loop allocates nothing.
	changed ChangedFuture[T]
}

func (r *Receiver[T]) init(c *channel[T], seen uint64) {
	r.ch = c
	r.seen = seen
	r.changed.rx = r
}

// Changed returns a future that is ready with nil once a version newer
// than the last seen exists (and marks it seen), or with [ErrClosed] once
// the sender closed and the latest version was seen, or after
// [Receiver.Close].
//
// Cancel-safe: a dropped Changed marks nothing seen.
//
// Cost: Changed returns a future embedded in the Receiver (reset by this
// call) when the previous one finished or was dropped, and allocates a new
// one only while another is still live.
func (r *Receiver[T]) Changed() *ChangedFuture[T] {
	if r.changed.phase == phase.Live {
		return &ChangedFuture[T]{rx: r, phase: phase.Live}
	}
	r.changed.phase = phase.Live
	return &r.changed
}

// Borrow returns a copy of the current value without marking it seen. It
// never waits for a Send, only for the read lock. It still returns the
// last value after either end closed.
func (r *Receiver[T]) Borrow() T {
	c := r.ch
	c.mu.RLock()
	v := c.value
	c.mu.RUnlock()
	return v
}

// BorrowAndUpdate returns a copy of the current value and marks it seen,
// so that Changed waits for the next Send.
func (r *Receiver[T]) BorrowAndUpdate() T {
	c := r.ch
	c.mu.RLock()
	v, ver := c.value, c.version
	c.mu.RUnlock()
	r.seen = ver
	return v
}

// HasChanged reports whether a version newer than the last seen exists,
// without marking it seen.
func (r *Receiver[T]) HasChanged() bool {
	c := r.ch
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.version != r.seen
}

// Clone returns a new receiver that has seen what r has seen. It must be
// closed too. Cloning a closed receiver panics with
// "watch.Receiver.Clone: receiver closed".
func (r *Receiver[T]) Clone() *Receiver[T] {
	c := r.ch
	n := &Receiver[T]{}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r.closed {
		panic("watch.Receiver.Clone: receiver closed")
	}
	c.receivers++
	n.init(c, r.seen)
	return n
}

// Close closes the receiver: its Changed returns [ErrClosed], and once
// every receiver is closed, Send fails. Borrow still works. Close twice is
// a no-op.
func (r *Receiver[T]) Close() {
	c := r.ch
	c.mu.Lock()
	if r.closed {
		c.mu.Unlock()
		return
	}
	r.closed = true
	c.receivers--
	// A Changed of this receiver pending elsewhere must see the close.
	c.wakeAllUnlock()
}
