package executor

import (
	"github.com/kettle-rt/kettle/internal/footprint"
	"runtime/debug"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/internal/taskstate"
	"github.com/kettle-rt/kettle/waker"
)

// JoinHandle is both a running task and the future of its outcome: a
// [future.Future] of [future.Result][T] that is Ready when the task
// finishes, with Err nil, [ErrAborted], [ErrClosed] or a [*PanicError].
// Spawning a hand-written future costs one allocation (this handle, which
// embeds the task's header: 80 bytes for an int result) besides the
// future itself. A task that returns Pending, or whose handle is awaited
// before it finishes, costs one more, once, of 48 bytes (what a dump
// shows of it and the awaiter's waker); a name one of 32 bytes; a task
// that ends with an error (aborted, closed, panicked) one of 16 bytes, to
// hold the error.
//
// Poll registers the awaiting task's waker; the task's completion
// happens before the Poll that returns Ready, so the value is safe to use.
// Poll is cancel-safe: dropping the awaiting future loses nothing, the
// outcome stays in the handle. Polling after Ready or after Drop panics.
//
// Drop detaches, like dropping a tokio JoinHandle: it forgets the awaiting
// waker but does not cancel the task, which runs to completion unobserved.
// Use [JoinHandle.Abort] to cancel.
//
// Abort and IsFinished are safe from any goroutine; Poll and Drop belong to
// the one future that awaits the handle.
type JoinHandle[T any] struct {
	hdr task
	// fut is the task's future until it finishes (owner-only, task.go
	// rule 2); then nil, or, if the task failed, a *failed[T] holding the
	// error: the outcome's Err lives here rather than in a field of its
	// own, which keeps a JoinHandle[int] in the 80-byte size class.
	// Written before hdr.state.Complete, read-only afterwards.
	fut future.Future[T]
	val T // the outcome's Value; written before hdr.state.Complete
}

// failed stands in JoinHandle.fut for a task that finished with an error
// (aborted, closed, panicked): allocated only on those paths. It is never
// polled.
type failed[T any] struct{ err error }

func (f *failed[T]) Poll(*future.Context) future.Poll[T] {
	panic("executor: a finished task's future was polled")
}

// setErr records err as the outcome of a task that has no value. Owner
// only, before Complete.
func (h *JoinHandle[T]) setErr(err error) {
	var zero T
	h.val = zero
	h.fut = &failed[T]{err: err}
}

// result is the task's outcome. Only after hdr.state.IsComplete reported
// true (or by the owner, after it stored the outcome).
func (h *JoinHandle[T]) result() future.Result[T] {
	if f, ok := h.fut.(*failed[T]); ok {
		return future.Result[T]{Err: f.err}
	}
	return future.Result[T]{Value: h.val}
}

func newHandle[T any](f future.Future[T], name string) *JoinHandle[T] {
	h := &JoinHandle[T]{fut: f}
	h.hdr.init(h, name)
	return h
}

// Poll returns Ready with the task's outcome once it has finished, else
// registers cx's waker and returns Pending (recording the handle as what
// the caller waits on, for deadlock reports).
func (h *JoinHandle[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	h.hdr.phase.Check(h)
	footprint.Read(&h.hdr) // a schedule explorer's record (one atomic load otherwise)
	if !h.hdr.state.IsComplete() && h.register(cx.Waker()) {
		cx.SetWaitingOn(h)
		return future.Pending[future.Result[T]]()
	}
	h.hdr.phase = phase.Done
	return future.Ready(h.result())
}

// WaitsFor reports the handle's task (taskcx.WaitsFor): who awaits the
// handle waits for that task, so a task stuck forever makes its awaiters
// stuck too in a deadlock proof.
func (h *JoinHandle[T]) WaitsFor(dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	return append(dst, &h.hdr.tok), true
}

// register leaves w in the join-waker slot for the finisher (the JoinWaker
// protocol of package internal/taskstate) and reports true, or reports
// false if the task completed meanwhile. A waker that wakes the same task
// as the one already there is kept: no atomic operation at all.
func (h *JoinHandle[T]) register(w waker.Waker) bool {
	t := &h.hdr
	r := t.record()
	if t.state.HasJoinWaker() {
		// While the bit is set the finisher may read the slot at any
		// moment; reading it too is fine, writing it is not.
		if r.joinWaker.WillWake(w) {
			return true
		}
		if t.state.UnsetJoinWaker() {
			return false // complete: the slot is the finisher's
		}
	}
	r.joinWaker = w
	if t.state.SetJoinWaker() {
		r.joinWaker = waker.Waker{} // complete meanwhile: still ours
		return false
	}
	return true
}

// Drop detaches the handle: the waker registered by Poll is forgotten and
// the task keeps running. A no-op after Ready or a first Drop.
func (h *JoinHandle[T]) Drop() {
	if h.hdr.phase.Live() {
		h.hdr.phase = phase.Dropped
		t := &h.hdr
		if t.state.HasJoinWaker() && !t.state.UnsetJoinWaker() {
			t.rec.Load().joinWaker = waker.Waker{} // the bit was set: there is a record
		}
	}
}

// Abort cancels the task: it is dropped (its Drop runs) before its next
// poll, by the executor's loop, and the handle yields [ErrAborted]. A task
// that is being polled finishes that poll first; a task that already
// finished keeps its outcome. Safe from any goroutine, any number of times.
// A [SpawnBlocking] job cannot be interrupted: Abort does nothing to it.
func (h *JoinHandle[T]) Abort() {
	if h.hdr.state.Cancel() == taskstate.CancelEnqueue {
		h.hdr.class.schedule(&h.hdr)
	}
}

// IsFinished reports whether the task has finished (completed, panicked,
// aborted or dropped by Close). When it returns true, Poll returns Ready.
// Safe from any goroutine.
func (h *JoinHandle[T]) IsFinished() bool { return h.hdr.state.IsComplete() }

// String names the task: `task "name"` or `task #N`. A pending Poll records
// the handle as what the awaiting task waits on, so deadlock reports read
// `task "main" waits on task "fry bacon"`.
func (h *JoinHandle[T]) String() string { return h.hdr.label() }

// header implements taskImpl.
func (h *JoinHandle[T]) header() *task { return &h.hdr }

// poll implements taskImpl: one poll of the future, panics caught. A
// runtime.Goexit in the poll stores a *PanicError of [ErrGoexit] and
// drops the future, then lets the goroutine end: the poller completes the
// task from its own deferred call (poller.run).
func (h *JoinHandle[T]) poll(cx *future.Context) (done bool) {
	normal := false
	defer func() {
		if normal {
			return
		}
		r := recover() // nil only for runtime.Goexit: panic(nil) is a *runtime.PanicNilError
		if r == nil {
			r = ErrGoexit
		}
		p := &PanicError{Value: r, Stack: debug.Stack()}
		f := h.fut
		h.setErr(p)
		// The future is in an unknown state; dropping it still releases
		// what its children hold. A second panic is ignored.
		dropQuietly(f)
		done = true
	}()
	v, ok := h.fut.Poll(cx).Get()
	normal = true
	if !ok {
		return false
	}
	h.fut = nil
	h.val = v
	return true
}

// cancel implements taskImpl.
func (h *JoinHandle[T]) cancel(err error) *PanicError {
	f := h.fut
	h.setErr(err) // stored before Drop runs, which may call runtime.Goexit
	p := dropQuietly(f)
	if p != nil {
		h.setErr(p) // a Drop that panicked is the outcome worth reporting
	}
	return p
}

// dropQuietly drops f, returning a panic of its Drop as a *PanicError. A
// Drop that calls runtime.Goexit ends the calling goroutine (nothing can
// stop it); the task's output is already stored by then.
func dropQuietly(f any) (p *PanicError) {
	defer func() {
		if r := recover(); r != nil {
			p = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	future.Drop(f)
	return nil
}
