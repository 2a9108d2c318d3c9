package futuretest

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// wrapPhase is the one life cycle of every future (package internal/phase)
// under the names of the wrappers in this package.
//
//	wrapLive     may be polled; Drop drops the inner future
//	wrapDone     Poll returned Ready: final
//	wrapDropped  Drop ran: final
type wrapPhase = phase.Phase

const (
	wrapLive    = phase.Fresh
	wrapDone    = phase.Done
	wrapDropped = phase.Dropped
)

// PendingOnce returns a future that, at its first poll, wakes its own task
// and returns Pending without touching f, then polls f at every later poll
// (futures-test's pending_once). Use it to check that code around f copes
// with one spurious Pending; f itself sees nothing unusual.
//
// Drop drops f unless f finished; dropping twice, or after Ready, is a
// no-op. Polling after Ready or Drop panics naming the type. Panics with
// "futuretest.PendingOnce: nil future" if f is nil. Cost: one allocation.
func PendingOnce[T any](f future.Future[T]) future.Future[T] {
	if f == nil {
		panic("futuretest.PendingOnce: nil future")
	}
	return &interleave[T]{f: f, once: true}
}

// InterleavePending returns a future that returns Pending, after waking its
// own task, before every poll of f (futures-test's interleave_pending): f
// is polled at every second poll only. A future or a caller that relies on
// being polled again without having been woken (a missed wake) stalls
// under it instead of passing by luck; one that spins on extra polls shows
// up as twice as many.
//
// Drop, panics and cost are as for [PendingOnce].
func InterleavePending[T any](f future.Future[T]) future.Future[T] {
	if f == nil {
		panic("futuretest.InterleavePending: nil future")
	}
	return &interleave[T]{f: f}
}

// interleave is the future behind [PendingOnce] and [InterleavePending].
type interleave[T any] struct {
	f       future.Future[T]
	once    bool // PendingOnce: only the first poll is held back
	skipped bool // the Pending before the next poll of f has been returned
	phase   wrapPhase
}

// Poll returns a self-woken Pending or polls f, alternately (or once).
func (w *interleave[T]) Poll(cx *future.Context) future.Poll[T] {
	w.phase.Check(w)
	if !w.skipped {
		w.skipped = true
		cx.Waker().Wake()
		return future.Pending[T]()
	}
	p := w.f.Poll(cx)
	if p.IsReady() {
		w.phase, w.f = wrapDone, nil
		return p
	}
	if !w.once {
		w.skipped = false
	}
	return p
}

// Drop drops the inner future if it has not finished.
func (w *interleave[T]) Drop() {
	if w.phase != wrapLive {
		return
	}
	f := w.f
	w.phase, w.f = wrapDropped, nil
	future.Drop(f)
}
