package oneshot

import (
	"github.com/kettle-rt/kettle/internal/footprint"
	"sync/atomic"

	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/waitq"
	"github.com/kettle-rt/kettle/waker"
)

// State bits of channel.state. Each bit is set once and never cleared.
//
//	txClaimed  the Sender was spent by Send or Close. Set by the sender's
//	           Or, which decides the one call that proceeds; the receiver
//	           never looks at it.
//	valueSet   the value is in channel.value. Set by Send's CAS after it
//	           wrote the slot, only while rxClosed is clear; from then on
//	           the slot belongs to the receiver. The CAS synchronizes the
//	           write of the slot with the receiver's load that sees the bit.
//	txClosed   the Sender closed without sending (Sender.Close).
//	rxClosed   the Receiver closed (Receiver.Close). Send's CAS fails once
//	           it is set, so a value is stored only if it was sent before the
//	           receiver closed; such a value stays receivable (as in tokio).
//	rxTaken    the Receiver took the value out of the slot. Set only by
//	           the receiver, after valueSet.
const (
	txClaimed uint32 = 1 << iota
	valueSet
	txClosed
	rxClosed
	rxTaken

	// settled is any bit after which a Recv is ready (with the value or
	// with ErrClosed).
	settled = valueSet | txClosed | rxClosed | rxTaken
)

// channel is the shared state of one oneshot: a state word, the value slot,
// and the receiver's waker slot.
type channel[T any] struct {
	state  atomic.Uint32
	rxWake waker.Atomic // the task awaiting Recv; woken by Send and Sender.Close
	value  T            // written by Send before valueSet, read by the receiver after
}

// pair is the one allocation New makes: both ends side by side.
type pair[T any] struct {
	tx Sender[T]
	rx Receiver[T]
}

// New returns the two ends of a fresh oneshot channel.
//
// Cost: one allocation holding both ends (see the package doc).
func New[T any]() (*Sender[T], *Receiver[T]) {
	p := &pair[T]{}
	p.rx.recv.ch = &p.tx.ch
	p.rx.recv.phase = phase.Idle
	return &p.tx, &p.rx
}

// Sender is the sending end of a oneshot channel. It may be used from any
// goroutine; only its first Send or Close has an effect.
type Sender[T any] struct {
	ch channel[T]
}

// Send stores v for the receiver and wakes the task awaiting [Receiver.Recv].
// It never waits.
//
// It returns nil when v is in the channel, and [ErrClosed] when the receiver
// has closed (v was not stored: the caller still owns it, nothing is lost)
// or when the Sender is already spent: a second Send returns an error
// matching ErrClosed that says "Send called twice", and a Send after
// [Sender.Close] returns ErrClosed. Send does not allocate.
//
// A successful Send synchronizes before the Recv that returns v.
func (s *Sender[T]) Send(v T) error {
	footprint.Touch(&s.ch) // for schedule explorers: oneshot has no lock to report it
	c := &s.ch
	old := c.state.Or(txClaimed)
	if old&txClaimed != 0 {
		if old&txClosed != 0 {
			return ErrClosed
		}
		return errSentTwice
	}
	if old&rxClosed != 0 {
		return ErrClosed
	}
	// The slot is ours until valueSet is published.
	c.value = v
	for {
		st := c.state.Load()
		if st&rxClosed != 0 {
			// The receiver closed before we published: it never reads the
			// slot, and the caller keeps v.
			var zero T
			c.value = zero
			return ErrClosed
		}
		if c.state.CompareAndSwap(st, st|valueSet) {
			break
		}
	}
	waitq.Wake(c.rxWake.Take())
	return nil
}

// Close ends the channel without a value: a pending or later Recv returns
// [ErrClosed]. Close after Send, or twice, is a no-op. It never waits.
func (s *Sender[T]) Close() {
	footprint.Touch(&s.ch)
	c := &s.ch
	if c.state.Or(txClaimed)&txClaimed != 0 {
		return
	}
	c.state.Or(txClosed)
	waitq.Wake(c.rxWake.Take())
}

// IsClosed reports whether the receiver has closed, so that a Send would
// fail with [ErrClosed]. The answer may be stale by the time it is used
// unless the receiver is known to be closed.
func (s *Sender[T]) IsClosed() bool {
	footprint.Read(&s.ch) // for schedule explorers: oneshot has no lock to report it
	return s.ch.state.Load()&rxClosed != 0
}

// Receiver is the receiving end of a oneshot channel. It belongs to one
// owner at a time (a task or a goroutine); it may move between goroutines
// with the usual synchronization.
type Receiver[T any] struct {
	// recv is the Recv future handed out when it is not in use, so that
	// receiving allocates nothing.
	recv RecvFuture[T]
}

// Recv returns a future of the value: Ready with the value once it is sent,
// or with Err [ErrClosed] if the sender closed without sending, the receiver
// closed first, or the value was already received.
//
// Cancel-safe: dropping a pending Recv takes nothing from the channel; call
// Recv again to receive the value.
//
// Cost: Recv returns a future embedded in the Receiver when the previous
// one has finished or been dropped (calling Recv resets it), and allocates a
// new one only while another is still live. So each future returned by Recv
// must be finished or dropped before the next Recv if receiving is to
// allocate nothing. The channel has one waker slot: when two Recv futures
// are pending at once, only the one polled last is woken.
func (r *Receiver[T]) Recv() *RecvFuture[T] {
	if r.recv.phase == phase.Live {
		return &RecvFuture[T]{ch: r.recv.ch, phase: phase.Live}
	}
	r.recv.phase = phase.Live
	return &r.recv
}

// TryRecv returns the value if it has been sent and not yet received,
// [ErrEmpty] while no value has arrived, and [ErrClosed] once no value can
// arrive or it was already received. It never waits and does not allocate.
func (r *Receiver[T]) TryRecv() (T, error) {
	footprint.Touch(r.recv.ch)
	c := r.recv.ch
	st := c.state.Load()
	var zero T
	switch {
	case st&valueSet != 0 && st&rxTaken == 0:
		return c.take(), nil
	case st&settled != 0:
		return zero, ErrClosed
	default:
		return zero, ErrEmpty
	}
}

// Close closes the receiving end: a later Send fails with [ErrClosed] and
// hands its value back to the caller. A value sent before Close stays
// receivable. Close twice is a no-op.
func (r *Receiver[T]) Close() {
	footprint.Touch(r.recv.ch)
	c := r.recv.ch
	c.state.Or(rxClosed)
	// A Recv future of this receiver polled elsewhere must see the close.
	waitq.Wake(c.rxWake.Take())
}

// take moves the value out of the slot; the caller saw valueSet without
// rxTaken and is the receiver.
func (c *channel[T]) take() T {
	v := c.value
	var zero T
	c.value = zero
	c.state.Or(rxTaken)
	return v
}
