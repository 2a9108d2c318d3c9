package future

import (
	"sync/atomic"

	"github.com/kettle-rt/kettle/waker"
)

// FromChan returns a future of one receive from the Go channel ch: ready
// with Ok(v) for a value, or with Err([ErrChanClosed]) if ch is closed
// (and drained).
//
// The first poll tries a non-blocking receive. If ch has nothing, it
// starts a bridge goroutine that waits in a select on ch and on a stop
// channel; when it receives, it stores the value and wakes the task. So
// the waker is held outside the runtime, by a plain goroutine (see
// [FromContext] about deadlock detection). Once the goroutine runs, only
// it receives from ch; later polls read what it stored.
//
// Cancellation: Drop closes the stop channel and waits (briefly: the
// goroutine is in its select or storing a value) for the goroutine to
// exit, so no goroutine outlives a dropped future. A goroutine cannot
// un-receive: if it had taken a value from ch before it saw the stop, that
// value is kept and [ChanFuture.Unreceived] hands it back; otherwise
// nothing was taken from ch. So nothing is ever lost silently, but FromChan
// is cancel-safe only if the caller checks Unreceived after Drop. A future
// neither finished nor dropped keeps its goroutine waiting until ch
// delivers or closes.
//
// A receive spends one unit of the task's cooperative budget. Panics with
// "future.FromChan: nil channel" (a nil channel never delivers). Cost: one
// allocation if ch is ready at the first poll; otherwise also the
// goroutine, its state and two channels (about 1 µs); no allocation per
// poll after that.
func FromChan[T any](ch <-chan T) *ChanFuture[T] {
	if ch == nil {
		panic("future.FromChan: nil channel")
	}
	return &ChanFuture[T]{ch: ch}
}

// ChanFuture is the future returned by [FromChan]. It implements
// Future[Result[T]] and [Dropper].
type ChanFuture[T any] struct {
	ch         <-chan T
	st         *chanWait[T] // the bridge goroutine's state; nil until started
	unreceived T
	hasValue   bool // unreceived holds a value taken from ch before Drop
	phase      phase
}

// chanWait is what a [FromChan] future shares with its bridge goroutine.
// The goroutine writes v, then publishes state (waiting→gotValue or
// waiting→gotClosed, once) and wakes slot; the future reads state, then v.
// The atomic store of state synchronizes with the load that observes it,
// so v is visible to the reader. exited is closed when the goroutine
// returns, after its last access to this struct.
type chanWait[T any] struct {
	v      T
	state  atomic.Uint32
	slot   waker.Atomic
	stop   chan struct{} // closed by Drop
	exited chan struct{} // closed by the goroutine
}

// States of chanWait.state.
const (
	chanWaiting   = iota // the goroutine waits in its select
	chanGotValue         // it received v
	chanGotClosed        // it saw ch closed
)

// Poll receives a value, or reports that ch is closed.
func (f *ChanFuture[T]) Poll(cx *Context) Poll[Result[T]] {
	f.phase.Check(f)
	if cx.Budget() == 0 {
		cx.ConsumeBudget() // wakes the task; nothing was taken
		return Pending[Result[T]]()
	}
	st := f.st
	if st == nil {
		select {
		case v, ok := <-f.ch:
			cx.ConsumeBudget()
			return f.finish(v, ok)
		default:
		}
		st = &chanWait[T]{stop: make(chan struct{}), exited: make(chan struct{})}
		f.st = st
		go st.wait(f.ch)
	}
	st.slot.Register(cx.Waker())
	switch st.state.Load() {
	case chanGotValue:
		cx.ConsumeBudget()
		v := st.v
		var zero T
		st.v = zero
		return f.finish(v, true)
	case chanGotClosed:
		var zero T
		return f.finish(zero, false)
	}
	cx.SetWaitingOn(f)
	return Pending[Result[T]]()
}

// finish ends the future with a value (ok) or ErrChanClosed.
func (f *ChanFuture[T]) finish(v T, ok bool) Poll[Result[T]] {
	f.ch, f.st, f.phase = nil, nil, done
	if !ok {
		return Ready(Err[T](ErrChanClosed))
	}
	return Ready(Ok(v))
}

// wait is the bridge goroutine.
func (st *chanWait[T]) wait(ch <-chan T) {
	defer close(st.exited)
	select {
	case v, ok := <-ch:
		if ok {
			st.v = v
			st.state.Store(chanGotValue)
		} else {
			st.state.Store(chanGotClosed)
		}
		st.slot.Wake()
	case <-st.stop:
	}
}

// Drop stops the bridge goroutine and waits for it to exit; a value it had
// already received is kept for [ChanFuture.Unreceived]. A no-op after
// Ready or a first Drop.
func (f *ChanFuture[T]) Drop() {
	if f.phase != live {
		return
	}
	st := f.st
	f.ch, f.st, f.phase = nil, nil, dropped
	if st == nil {
		return
	}
	close(st.stop)
	<-st.exited // the receive on exited synchronizes with the goroutine's last write
	if st.state.Load() == chanGotValue {
		f.unreceived, f.hasValue = st.v, true
	}
	st.slot.Take()
}

// Unreceived returns the value that the bridge goroutine had received from
// the channel but the future had not delivered when it was dropped, and
// true; or the zero value and false (the future finished, was not dropped,
// or nothing had been taken from the channel).
func (f *ChanFuture[T]) Unreceived() (T, bool) { return f.unreceived, f.hasValue }

// String names what a pending FromChan waits on, for deadlock reports.
func (f *ChanFuture[T]) String() string { return "future.FromChan (Go channel receive)" }
