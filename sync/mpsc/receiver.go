package mpsc

import (
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// Receiver is the receiving end of a channel. It belongs to one owner at a
// time (a task or a goroutine); it may move between goroutines with the
// usual synchronization.
type Receiver[T any] struct {
	ch *channel[T]
	// recv is the Recv future handed out when it is not in use, so that a
	// receive loop allocates nothing.
	recv RecvFuture[T]
}

// Recv returns a future of the next value: Ready(Ok(v)) in FIFO order, or
// Ready(Err([ErrClosed])) once every sender closed (or the receiver closed)
// and everything buffered or reserved has been received.
//
// Cancel-safe: a dropped Recv takes nothing from the channel; call Recv
// again.
//
// Cost: Recv returns a future embedded in the Receiver (reset by this call)
// when the previous one has finished or been dropped, and allocates a new
// one only while another is still live; so finish or drop each Recv future
// before the next Recv and receiving allocates nothing. A caller that keeps
// its own future re-arms it with [RecvFuture.Reset].
func (r *Receiver[T]) Recv() *RecvFuture[T] {
	if r.recv.phase == phase.Live {
		return &RecvFuture[T]{ch: r.ch, phase: phase.Live}
	}
	r.recv.phase = phase.Live
	return &r.recv
}

// TryRecv takes the next value without waiting. It returns [ErrEmpty] when
// nothing is buffered and the channel is open, and [ErrClosed] once it
// ended (see [Receiver.Recv]). It allocates nothing.
func (r *Receiver[T]) TryRecv() (T, error) {
	c := r.ch
	c.mu.Lock()
	if c.buf.len() > 0 {
		v := c.buf.pop()
		sw, rw := c.grantLocked()
		c.mu.Unlock()
		waitq.Wake(sw)
		waitq.Wake(rw)
		return v, nil
	}
	ended := c.ended()
	c.mu.Unlock()
	var zero T
	if ended {
		return zero, ErrClosed
	}
	return zero, ErrEmpty
}

// Close closes the receiving end: later sends and reserves fail with
// [ErrClosed], and sends waiting in line are failed (their values come back
// through [SendFuture.Unsent]). Values already buffered, and values of
// Permits already granted, stay receivable: Recv drains them, then reports
// ErrClosed (tokio's behaviour). Close twice is a no-op.
func (r *Receiver[T]) Close() {
	c := r.ch
	var wl waitq.WakeList
	c.mu.Lock()
	if c.rxClosed {
		c.mu.Unlock()
		return
	}
	c.rxClosed = true
	for w := c.sendq.PopFront(); w != nil; w = c.sendq.PopFront() {
		w.Value.state = failed
		wl.Add(w.TakeWaker())
	}
	if c.ended() {
		c.wakeRecvAllLocked(&wl)
	}
	c.mu.Unlock()
	wl.WakeAll()
}

// Len returns the number of values buffered now. Other goroutines may
// change it at once; use it for metrics, not for decisions.
func (r *Receiver[T]) Len() int {
	c := r.ch
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.len()
}
