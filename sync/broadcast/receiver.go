package broadcast

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// Receiver reads every value sent after it subscribed, in order. It belongs
// to one owner at a time (a task or a goroutine).
type Receiver[T any] struct {
	ch     *channel[T]
	next   uint64 // sequence number of the next value to read; guarded by ch.mu
	closed bool   // guarded by ch.mu
	// recv is the Recv future handed out when not in use, so that a
	// receive loop allocates nothing.
	recv RecvFuture[T]
}

func (r *Receiver[T]) init(c *channel[T], next uint64) {
	r.ch = c
	r.next = next
	r.recv.rx = r
}

// outcome of one receive attempt.
type outcome uint8

const (
	gotNothing outcome = iota // nothing new, channel open
	gotValue
	gotErr
)

// receiveLocked takes the next value, or reports a lag (moving the cursor
// to the oldest retained value) or the end. Locked.
func (r *Receiver[T]) receiveLocked() (v T, o outcome, err error) {
	c := r.ch
	if r.closed {
		return v, gotErr, ErrClosed
	}
	if old := c.oldest(); r.next < old {
		missed := old - r.next
		r.next = old
		return v, gotErr, &LaggedError{Missed: missed}
	}
	if r.next < c.tail {
		s := &c.slots[r.next%uint64(len(c.slots))]
		v = s.v
		c.unref(r.next)
		r.next++
		return v, gotValue, nil
	}
	if c.senders == 0 {
		return v, gotErr, ErrClosed
	}
	return v, gotNothing, nil
}

// Recv returns a future of the next value: Ready(Ok(v)) in send order;
// Ready(Err(*LaggedError)) once after falling behind (the cursor then moves
// to the oldest retained value); Ready(Err(ErrClosed)) once every sender
// closed and everything retained was read, or after [Receiver.Close].
//
// Cancel-safe: a dropped Recv takes nothing and moves no cursor.
//
// Cost: Recv returns a future embedded in the Receiver (reset by this call)
// when the previous one finished or was dropped, and allocates a new one
// only while another is still live.
func (r *Receiver[T]) Recv() *RecvFuture[T] {
	if r.recv.phase == phase.Live {
		return &RecvFuture[T]{rx: r, phase: phase.Live}
	}
	r.recv.phase = phase.Live
	return &r.recv
}

// TryRecv takes the next value without waiting: it returns [ErrEmpty] when
// nothing new was sent and the channel is open, a [*LaggedError] or
// [ErrClosed] as [Receiver.Recv] does.
func (r *Receiver[T]) TryRecv() (T, error) {
	c := r.ch
	c.mu.Lock()
	v, o, err := r.receiveLocked()
	c.mu.Unlock()
	if o == gotNothing {
		return v, ErrEmpty
	}
	return v, err
}

// Close unsubscribes the receiver: values not yet read are released from
// its account, later receives return [ErrClosed], and once every receiver
// is closed, sends fail. Close twice is a no-op.
func (r *Receiver[T]) Close() {
	c := r.ch
	c.mu.Lock()
	if r.closed {
		c.mu.Unlock()
		return
	}
	r.closed = true
	c.receivers--
	for seq := max(r.next, c.oldest()); seq < c.tail; seq++ {
		c.unref(seq)
	}
	// A Recv of this receiver pending elsewhere must see the close.
	c.wakeAllUnlock()
}

// RecvFuture is the future returned by [Receiver.Recv]. It implements
// future.Future[future.Result[T]] and future.Dropper.
type RecvFuture[T any] struct {
	rx    *Receiver[T]
	w     waitq.Waiter[struct{}] // place among waiting receives; guarded by the channel's mutex
	phase phase.Phase
}

// Poll returns the next value, a lag report, or ErrClosed (see
// [Receiver.Recv]). Taking a value spends one unit of the task's budget
// (with none left it returns Pending, having taken nothing). On Pending it
// has stored cx's waker and recorded itself as what the task waits on.
// Polling after Ready or after Drop panics.
func (f *RecvFuture[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	f.phase.CheckLive(f)
	r := f.rx
	c := r.ch
	c.mu.Lock()
	if cx.Budget() == 0 && !r.closed && r.next < c.tail {
		c.mu.Unlock()
		cx.ConsumeBudget() // wakes the task; nothing was taken
		return future.Pending[future.Result[T]]()
	}
	v, o, err := r.receiveLocked()
	if o == gotNothing {
		f.w.SetWaker(cx.Waker())
		if !f.w.Queued() {
			c.waiters.PushBack(&f.w)
		}
		c.mu.Unlock()
		cx.SetWaitingOn(f)
		return future.Pending[future.Result[T]]()
	}
	c.waiters.Remove(&f.w)
	c.mu.Unlock()
	if o == gotValue {
		cx.ConsumeBudget()
	}
	f.phase = phase.Done
	return future.Ready(future.Result[T]{Value: v, Err: err})
}

// Drop cancels the receive; nothing is taken. A no-op after Ready or a
// first Drop.
func (f *RecvFuture[T]) Drop() {
	if f.phase != phase.Live {
		return
	}
	f.phase = phase.Dropped
	c := f.rx.ch
	c.mu.Lock()
	c.waiters.Remove(&f.w)
	f.w.TakeWaker()
	c.mu.Unlock()
}

// String names what a pending Recv waits on, for deadlock reports.
func (f *RecvFuture[T]) String() string { return "broadcast.Recv" }

// Compile-time checks that RecvFuture implements the contracts.
var (
	_ future.Future[future.Result[int]] = (*RecvFuture[int])(nil)
	_ future.Dropper                    = (*RecvFuture[int])(nil)
)
