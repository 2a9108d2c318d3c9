package timer

import (
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/taskcx"
)

// Timeout returns a future that polls f until it is ready or until d has
// passed since its first poll, whichever comes first. It is ready with
// Result{Value: v} when f yields v, or with Result{Err: ErrTimeout} when the
// deadline passes first; then f is dropped at once (future.Drop), releasing
// whatever it held.
//
// f is always polled before the deadline is checked, so a value ready at a
// poll wins over a deadline that passed too: a d <= 0 still lets an f that
// is ready at its first poll through. The deadline spends no cooperative
// budget, so an inner future that exhausts the budget cannot keep the
// timeout from firing. Dropping the returned future drops f (if not
// finished) and the timer. Cancel-safe as far as f is.
//
// It panics if f is nil.
func Timeout[T any](d time.Duration, f future.Future[T]) future.Future[future.Result[T]] {
	if f == nil {
		panic("timer.Timeout: nil future")
	}
	t := &timeoutFuture[T]{inner: f}
	t.sleep.dur, t.sleep.phase = d, phaseNew
	t.sleep.entry.Value = &t.sleep
	return t
}

// timeoutFuture is Timeout's future: its timer is embedded, so a Timeout
// costs one allocation.
type timeoutFuture[T any] struct {
	sleep   SleepFuture
	inner   future.Future[T] // nil once finished or dropped
	done    bool
	dropped bool // Drop ran before Ready: a poll panics "after Drop"
}

func (t *timeoutFuture[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	if t.done {
		phase.Polled(t, t.dropped)
	}
	if v, ok := t.inner.Poll(cx).Get(); ok {
		t.inner = nil // finished: nothing to drop
		t.finish()
		return future.Ready(future.Ok(v))
	}
	// Keep what the inner future waits on (a lock, a channel) in reports:
	// it says more than our timer does.
	waiting := taskcx.Of(cx).WaitingOn
	if t.sleep.poll(cx, false) {
		t.finish()
		return future.Ready(future.Err[T](ErrTimeout))
	}
	if waiting != nil {
		cx.SetWaitingOn(waiting)
	}
	return future.Pending[future.Result[T]]()
}

// Drop drops the inner future (if unfinished) and the timer. A no-op after
// completion or a first Drop.
func (t *timeoutFuture[T]) Drop() {
	if !t.done {
		t.dropped = true
		t.finish()
	}
}

func (t *timeoutFuture[T]) finish() {
	t.done = true
	future.Drop(t.inner)
	t.inner = nil
	t.sleep.Drop()
}

// Deadline returns when the timeout elapses (the zero Time before the first
// poll).
func (t *timeoutFuture[T]) Deadline() time.Time { return t.sleep.Deadline() }

func (t *timeoutFuture[T]) String() string {
	return "timer.Timeout: " + t.sleep.String()
}
