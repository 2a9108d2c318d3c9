package executor

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/readyset"
	"github.com/kettle-rt/kettle/waker"
)

// JoinSet is a set of tasks spawned on one executor, joined in the order
// they finish: tokio's JoinSet. Spawn adds a task; JoinNext waits for the
// next to finish; AbortAll and Shutdown cancel them as a group; Drop aborts
// whatever is left, so no task outlives the set by accident.
//
// Joining costs O(finished) per poll, not O(tasks): each task's handle is
// awaited with a waker of its own (internal/readyset, the mechanism under
// stream.Unordered), so a JoinNext poll looks only at the tasks that
// finished since the last one.
//
// A JoinSet belongs to one owner at a time (the task that spawns into it
// and joins it); it is not safe for concurrent use. Its tasks run on the
// executor like any other, on any worker. A task that panics comes back as
// a Result whose Err is a [*PanicError]; an aborted one as [ErrAborted]; a
// task spawned on a closed executor as [ErrClosed].
//
// Cost: one 48-byte node per task, reused once the task is joined, besides
// the task itself; Spawn and JoinNext allocate nothing else once the set
// has grown to its peak size (switching between JoinNext in a task and
// TryJoinNext outside one costs 16 bytes each time the waker changes).
type JoinSet[T any] struct {
	ex      Executor
	set     readyset.Set
	hs      []*JoinHandle[T] // by slot; nil in a free slot
	next    joinNext[T]      // the future JoinNext hands out, reused
	cx      *future.Context  // TryJoinNext's context, made on first use
	dropped bool
}

// NewJoinSet returns an empty set of tasks to be spawned on ex. Panics
// with "executor.NewJoinSet: nil executor".
func NewJoinSet[T any](ex Executor) *JoinSet[T] {
	if ex == nil {
		panic("executor.NewJoinSet: nil executor")
	}
	js := &JoinSet[T]{ex: ex}
	js.next.js = js
	return js
}

// Spawn spawns f on the set's executor (see [Spawn]; opts name the task)
// and adds it to the set. On a closed executor the task never runs and
// JoinNext yields [ErrClosed] for it. Panics with "executor.JoinSet.Spawn:
// nil future" or "executor.JoinSet.Spawn: after Drop".
func (js *JoinSet[T]) Spawn(f future.Future[T], opts ...SpawnOption) {
	if js.dropped {
		panic("executor.JoinSet.Spawn: after Drop")
	}
	if f == nil {
		panic("executor.JoinSet.Spawn: nil future")
	}
	h := Spawn(js.ex, f, opts...)
	i := js.set.Insert()
	if i == len(js.hs) {
		js.hs = append(js.hs, h)
	} else {
		js.hs[i] = h
	}
}

// Len returns the number of tasks in the set: spawned and not yet joined,
// finished or not.
func (js *JoinSet[T]) Len() int { return js.set.Len() }

// JoinNext returns a future of the outcome of the next task to finish,
// which leaves the set: Ready with its Result (Err nil, [ErrAborted],
// [ErrClosed] or a [*PanicError]), or with Err [ErrEmpty] at once when the
// set is empty.
//
// Cancel-safe: a task leaves the set only in the poll that returns its
// outcome, so dropping the future (a select's loser) loses nothing. The
// future is embedded in the set and reused: each call restarts it, so
// await one at a time; it allocates nothing. Polling it after Ready or
// Drop panics.
//
// Which of several tasks woken since the last poll is polled first is a
// choice of a seeded Local or a schedule explorer (future.Context.First),
// reported settled like a select's: futuretest explores another order
// only where another finished task could have been taken.
func (js *JoinSet[T]) JoinNext() future.Future[future.Result[T]] {
	js.next.phase = phase.Live
	return &js.next
}

// TryJoinNext returns the outcome of a task that has finished, if any,
// without waiting: (outcome, true), or false when no task has finished
// since the last join or the set is empty. For code outside a task.
func (js *JoinSet[T]) TryJoinNext() (future.Result[T], bool) {
	if js.set.Len() == 0 {
		return future.Result[T]{}, false
	}
	if js.cx == nil {
		js.cx = future.NewContext(waker.Noop())
	}
	return js.poll(js.cx)
}

// AbortAll aborts every task in the set (see [JoinHandle.Abort]). They
// stay in the set until joined: JoinNext yields [ErrAborted] for those
// that had not finished, and the outcome of those that had.
func (js *JoinSet[T]) AbortAll() {
	for _, h := range js.hs {
		if h != nil {
			h.Abort()
		}
	}
}

// Shutdown returns a future that aborts every task in the set and is ready
// once every one has finished and left the set (their outcomes are
// discarded): tokio's JoinSet::shutdown. Tasks spawned into the set while
// it waits are aborted and awaited too. Cancel-safe: dropping it leaves
// the remaining (aborted) tasks in the set.
func (js *JoinSet[T]) Shutdown() future.Future[future.Unit] {
	return &shutdown[T]{js: js}
}

// Drop aborts every task still in the set and empties it; their outcomes
// are discarded. Spawn panics afterwards; JoinNext yields [ErrEmpty]. A
// no-op the second time.
func (js *JoinSet[T]) Drop() {
	if js.dropped {
		return
	}
	js.dropped = true
	hs := js.hs
	js.hs = nil
	js.set.Reset()
	for _, h := range hs {
		if h != nil {
			h.Abort()
			h.Drop()
		}
	}
}

// poll polls the handles woken since the last poll, each with its own
// waker, and takes the first finished one out of the set. The order is a
// choice of a schedule explorer (future.Context.First) and is settled:
// contended when handles were left unpolled after the winner (one of them
// might have finished too); when every other handle polled was pending,
// or none finished, any order ends the same.
func (js *JoinSet[T]) poll(cx *future.Context) (future.Result[T], bool) {
	parent := cx.Waker()
	n := js.set.Drain(parent)
	if n > 1 {
		js.set.Rotate(cx.First(n, 0))
	}
	for {
		i, w, ok := js.set.Next()
		if !ok {
			cx.Settle(n, false)
			return future.Result[T]{}, false
		}
		h := js.hs[i]
		cx.SetWaker(w)
		r, ok := h.Poll(cx).Get()
		cx.SetWaker(parent)
		if ok {
			cx.Settle(n, js.set.Pending() > 0)
			js.hs[i] = nil
			js.set.Remove(i)
			return r, true
		}
	}
}

// joinNext is the future [JoinSet.JoinNext] hands out.
type joinNext[T any] struct {
	js    *JoinSet[T]
	phase phase.Phase
}

func (f *joinNext[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	f.phase.CheckLive(f)
	if f.js.set.Len() == 0 {
		f.phase = phase.Done
		return future.Ready(future.Result[T]{Err: ErrEmpty})
	}
	if r, ok := f.js.poll(cx); ok {
		f.phase = phase.Done
		return future.Ready(r)
	}
	return future.Pending[future.Result[T]]()
}

// Drop gives up this wait; the tasks stay in the set.
func (f *joinNext[T]) Drop() { f.phase.Drop() }

// shutdown is the future behind [JoinSet.Shutdown].
type shutdown[T any] struct {
	js    *JoinSet[T]
	phase phase.Phase
}

func (f *shutdown[T]) Poll(cx *future.Context) future.Poll[future.Unit] {
	f.phase.Check(f)
	js := f.js
	js.AbortAll()
	for js.set.Len() > 0 {
		if _, ok := js.poll(cx); !ok {
			return future.Pending[future.Unit]()
		}
	}
	f.phase = phase.Done
	return future.Ready(future.Unit{})
}

// Drop gives up the wait; the aborted tasks stay in the set.
func (f *shutdown[T]) Drop() { f.phase.Drop() }
