package future

import (
	"github.com/kettle-rt/kettle/internal/readyset"
	"github.com/kettle-rt/kettle/waker"
)

// smallN is the number of children up to which JoinAll, TryJoinAll, Race
// and SelectAll poll every unfinished child on every poll. Above it they
// keep a ready queue of child wakers (see [many]) and poll only the
// children woken since the last poll. futures-rs join_all switches at the
// same size. The trade, measured by BenchmarkJoinAllCutoff: the plain loop
// costs no atomics and three allocations, so it wins whenever most
// children make progress at every poll (all ready, or all waking
// themselves: there the ready queue is 3-6x slower, paying a few atomic
// operations per wake); the ready queue wins by orders of magnitude when
// most children wait (10,000 sleepers: 20 s of real time down to 60 ms).
const smallN = 30

// many holds the children of a combinator above [smallN]: fs[i] is child
// i (input order), nil once it finished or was handed back; set has one
// slot per child, slot i for child i, each with its own waker.
type many[T any] struct {
	fs  []Future[T]
	set readyset.Set
}

// init takes fs (already copied) and queues every child for a first poll.
func (m *many[T]) init(fs []Future[T]) {
	m.fs = fs
	m.set.Grow(len(fs))
	for range fs {
		m.set.Insert()
	}
}

// begin drains the children woken since the last poll, lets cx's Chooser
// pick which goes first, and returns the task's waker.
func (m *many[T]) begin(cx *Context) waker.Waker {
	parent := cx.Waker()
	if n := m.set.Drain(parent); n > 1 {
		m.set.Rotate(cx.First(n, 0))
	}
	return parent
}

// next polls the next woken child with its own waker; ok is false when
// every woken child was polled, or when the task's cooperative budget is
// spent: then the children not yet polled stay queued and the task is
// woken to come back with a fresh budget (polling them now would only make
// each wake itself again). A child that is ready is removed from the set
// (fs[i] is still set: the caller clears it).
func (m *many[T]) next(cx *Context, parent waker.Waker) (i int, p Poll[T], ok bool) {
	if cx.t.Budget == 0 && m.set.Pending() > 0 {
		parent.Wake()
		return 0, p, false
	}
	i, w, ok := m.set.Next()
	if !ok {
		return 0, p, false
	}
	p = pollWith(cx, m.fs[i], w, parent)
	if p.ready {
		m.set.Remove(i)
	}
	return i, p, true
}

// pollWith polls f with the waker w, then gives cx its waker parent back,
// even if f panics.
func pollWith[T any](cx *Context, f Future[T], w, parent waker.Waker) Poll[T] {
	cx.waker = w
	defer func() { cx.waker = parent }()
	return f.Poll(cx)
}
