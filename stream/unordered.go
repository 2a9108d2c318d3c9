package stream

import (
	"github.com/kettle-rt/kettle/future"
	lifecycle "github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/readyset"
	"github.com/kettle-rt/kettle/waker"
)

// Unordered is a set of futures that runs them together and yields their
// outputs as they finish: futures-rs FuturesUnordered. Push adds a future
// at any time, even between polls of a loop that drains the set.
//
// Each child is polled with a waker of its own (see internal/readyset):
// waking it queues that child and wakes the task, so a PollNext polls only
// the children woken since the last one (plus new ones, each polled once
// without a wake), never all of them. A PollNext polls each woken child at
// most once and stops at the first that is ready; children woken but not
// yet polled stay queued. Under a seeded [future.Chooser] the woken child
// polled first is cx.First's pick, so replays are deterministic.
//
// PollNext returns End whenever the set is empty; a Push after that makes
// it yield again (futures-rs semantics: with [Ordered], the streams of
// this package that are not fused). A child that panics in its Poll is removed before
// the panic leaves PollNext: it is never polled again nor dropped.
//
// The zero Unordered is an empty set ready to use, as is the one
// [NewUnordered] returns; it must not be copied after first use. Cost: one
// node of 48 bytes per child, reused after the child finishes; PollNext,
// Push (once the set has grown to its peak size) and the children's wakes
// allocate nothing. Cancel-safe: an output is taken from a child only in
// the PollNext that returns it. Drop drops every child still held, oldest
// slot first.
type Unordered[T any] struct {
	set   readyset.Set
	fs    []future.Future[T] // by slot; nil in a free slot
	phase phase
}

// NewUnordered returns an empty set of futures.
func NewUnordered[T any]() *Unordered[T] { return &Unordered[T]{} }

// Push adds f to the set; f is first polled by the next PollNext. Panics
// with "stream.Unordered.Push: nil future", or "stream.Unordered.Push:
// after Drop" once the set was dropped.
func (u *Unordered[T]) Push(f future.Future[T]) {
	if u.phase == dropped {
		panic("stream.Unordered.Push: after Drop")
	}
	if f == nil {
		panic("stream.Unordered.Push: nil future")
	}
	i := u.set.Insert()
	if i == len(u.fs) {
		u.fs = append(u.fs, f)
	} else {
		u.fs[i] = f
	}
}

// Len returns the number of futures in the set: pushed and not yet yielded
// (or removed by a panic).
func (u *Unordered[T]) Len() int { return u.set.Len() }

// PollNext polls the woken children until one is ready and yields its
// output; End when the set is empty; Pending otherwise.
func (u *Unordered[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if u.phase == dropped {
		lifecycle.Polled(u, true)
	}
	if u.set.Len() == 0 {
		return endOf[T]()
	}
	parent := cx.Waker()
	if n := u.set.Drain(parent); n > 1 {
		u.set.Rotate(cx.First(n, 0))
	}
	for {
		if cx.Budget() == 0 && u.set.Pending() > 0 {
			parent.Wake() // budget spent: the rest wait for the next poll
			return pending[T]()
		}
		i, w, ok := u.set.Next()
		if !ok {
			return pending[T]()
		}
		if v, ok := u.pollChild(cx, i, w, parent).Get(); ok {
			u.fs[i] = nil
			u.set.Remove(i)
			return ready(v)
		}
	}
}

// pollChild polls child i with its waker w and puts parent back, even if
// the child panics; a child that panics is removed from the set.
func (u *Unordered[T]) pollChild(cx *future.Context, i int, w, parent waker.Waker) future.Poll[T] {
	finished := false
	cx.SetWaker(w)
	defer func() {
		cx.SetWaker(parent)
		if !finished {
			u.fs[i] = nil
			u.set.Remove(i)
		}
	}()
	p := u.fs[i].Poll(cx)
	finished = true
	return p
}

// Drop drops every child still in the set, in slot order; the set is empty
// afterwards and Push panics. A no-op the second time.
func (u *Unordered[T]) Drop() {
	if u.phase == dropped {
		return
	}
	fs := u.fs
	u.fs, u.phase = nil, dropped
	u.set.Reset()
	for _, f := range fs {
		drop(f)
	}
}
