package future

import (
	"context"

	"github.com/kettle-rt/kettle/waker"
)

// FromContext returns a future that is ready with ctx.Err() once ctx is
// done: the bridge from Go's cancellation to Kettle's. It is ready at its
// first poll if ctx is done already.
//
// The waker is held outside the runtime: at the first Pending poll it
// registers a context.AfterFunc, which wakes the task from the goroutine
// that cancels ctx (or the context package's own). With the real clock an
// executor never reports such a wait as a deadlock (it cannot prove one);
// it keeps waiting and may log a stall. Only the opt-in
// executor.DeadlockGrace rule, or a virtual clock, would judge the task
// stuck when nothing inside the runtime can wake it.
//
// Cancel-safe. Drop (or Ready) stops the AfterFunc, so nothing stays
// registered on ctx and no goroutine is left; a future neither finished
// nor dropped stays registered until ctx is done. Panics with
// "future.FromContext: nil context". Cost: one allocation at construction
// and one for the AfterFunc at the first Pending poll; later polls
// allocate nothing.
func FromContext(ctx context.Context) Future[error] {
	if ctx == nil {
		panic("future.FromContext: nil context")
	}
	return &ctxFuture{ctxWatch: ctxWatch{ctx: ctx}}
}

// ctxWatch is the part shared by [FromContext] and [WithContext]: it
// arranges for the task's waker to be woken when ctx is done.
type ctxWatch struct {
	ctx  context.Context
	slot waker.Atomic // woken by the AfterFunc, on another goroutine
	stop func() bool  // the AfterFunc's stop; nil until registered
}

// done registers cx's waker, arming the AfterFunc at the first call, and
// returns ctx.Err(). Registering before reading Err means that a
// cancellation after the read wakes the waker just registered.
func (w *ctxWatch) done(cx *Context) error {
	if w.ctx.Done() == nil { // never cancelled (context.Background)
		return nil
	}
	w.slot.Register(cx.Waker())
	if w.stop == nil {
		w.stop = context.AfterFunc(w.ctx, w.slot.Wake)
	}
	return w.ctx.Err()
}

// release stops the AfterFunc and forgets the waker. If the AfterFunc has
// started already, its wake may still land: a spurious wake, harmless.
func (w *ctxWatch) release() {
	if w.stop != nil {
		w.stop()
		w.stop = nil
	}
	w.slot.Take()
}

// ctxFuture is the future behind [FromContext].
type ctxFuture struct {
	ctxWatch
	phase phase
}

// Poll is ready with ctx.Err() once ctx is done.
func (f *ctxFuture) Poll(cx *Context) Poll[error] {
	f.phase.Check(f)
	if err := f.done(cx); err != nil {
		f.release()
		f.phase = done
		return Ready(err)
	}
	cx.SetWaitingOn(f)
	return Pending[error]()
}

// Drop stops the AfterFunc; a no-op after Ready or a first Drop.
func (f *ctxFuture) Drop() {
	if f.phase == live {
		f.release()
		f.phase = dropped
	}
}

// String names what a pending FromContext waits on, for deadlock reports.
func (f *ctxFuture) String() string { return "future.FromContext (ctx.Done)" }

// WithContext returns a future that polls f and is ready with f's output,
// or, if ctx is done first, drops f and is ready with ctx.Err(): Go's
// cancellation applied to a Kettle future, like timer.Timeout with a
// context instead of a duration.
//
// Each poll polls f first, then checks ctx: an output that f produces in
// the poll that finds ctx done is returned, never lost. If ctx is done
// before the first poll, f is polled once all the same.
//
// The waker is held outside the runtime, as for [FromContext]: the
// AfterFunc wakes the task from another goroutine. Cancel-safe exactly
// when f is: Drop drops f and stops the AfterFunc. Panics with
// "future.WithContext: nil context" or "future.WithContext: nil future".
// Cost: one allocation at construction, one for the AfterFunc at the first
// Pending poll; none per poll after that.
func WithContext[T any](ctx context.Context, f Future[T]) Future[Result[T]] {
	if ctx == nil {
		panic("future.WithContext: nil context")
	}
	mustFuture("WithContext", f)
	return &withCtx[T]{ctxWatch: ctxWatch{ctx: ctx}, f: f}
}

// withCtx is the future behind [WithContext].
type withCtx[T any] struct {
	ctxWatch
	f     Future[T]
	phase phase
}

// Poll polls f, then checks ctx.
func (w *withCtx[T]) Poll(cx *Context) Poll[Result[T]] {
	w.phase.Check(w)
	if v, ok := w.f.Poll(cx).Get(); ok {
		w.f, w.phase = nil, done
		w.release()
		return Ready(Ok(v))
	}
	if err := w.done(cx); err != nil {
		f := w.f
		w.f, w.phase = nil, done
		w.release()
		Drop(f)
		return Ready(Err[T](err))
	}
	return Pending[Result[T]]()
}

// Drop drops f and stops the AfterFunc; a no-op after Ready or a first
// Drop.
func (w *withCtx[T]) Drop() {
	if w.phase != live {
		return
	}
	f := w.f
	w.f, w.phase = nil, dropped
	w.release()
	Drop(f)
}
