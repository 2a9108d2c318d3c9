package executor

import "github.com/kettle-rt/kettle/internal/taskcx"

// With the real clock a task that waits on something outside the runtime
// (a goroutine's channel send, a context, a socket another runtime
// watches) may be woken at any time, so "nothing happened for a while" is
// no proof of a deadlock, and Run keeps waiting (logging a stall, see
// stall.go). What can be proved, and is reported at once:
//
//  1. A task none of whose polls ever took its waker (future.Context.Waker)
//     can never be woken: nobody holds anything that wakes it.
//  2. A wait-for cycle over Kettle's own primitives, found the way
//     databases find lock cycles: a task whose last Pending poll waited on
//     exactly one thing, and that thing names the tasks holding it
//     (taskcx.WaitsFor: a mutex's Lock names the holder of the lock; an
//     RWMutex's Read or Write its holders and the waiters ahead; a
//     fixed-size semaphore's Acquire the permit holders and the waiters
//     ahead; a barrier's Wait its last generation's parties; a JoinHandle
//     its task), is stuck if every one of those holders
//     is stuck. The stuck set is the greatest fixed point: start from
//     every candidate, drop a task as soon as one holder is not in the
//     set (a holder outside it may still release), until nothing changes.
//
// What the proof assumes, and so what can fool it: that a holder releases
// only by running (a guard or Permit handed to a plain goroutine, which
// could release it, breaks this), that a task waits on nothing besides its
// one recorded leaf (a hand-written leaf that stores a waker without
// calling SetWaitingOn, selected next to a lock, breaks it), that a
// semaphore never fed nor closed never will be, and that a barrier's
// parties are those of its last generation. All are documented in package
// executor's doc ("When the cycle rule can be fooled").

// provablyStuck reports whether a deadlock is proved among ts (a snapshot
// of the registry taken while no task can run): main can provably never be
// woken, or some tasks wait on each other in a cycle of locks (which no
// correct program does, even if main might still finish: the report names
// them). Tasks that merely never took their waker, main aside, prove
// nothing about the program (a task parked on future.Never on purpose).
func provablyStuck(ts []*task, main *task) bool {
	if main == nil {
		return false
	}
	idx := make(map[*taskcx.Token]int, len(ts))
	for i, t := range ts {
		idx[&t.tok] = i
	}
	if _, ok := idx[&main.tok]; !ok {
		return false
	}
	stuck := make([]bool, len(ts))
	deps := make([][]*taskcx.Token, len(ts))
	for i, t := range ts {
		pub := t.published()
		switch {
		case !pub.everTaken:
			stuck[i] = true
		case pub.oneWait:
			wf, ok := pub.waitingOn.(taskcx.WaitsFor)
			if !ok {
				continue
			}
			hs, known := wf.WaitsFor(nil)
			if known && len(hs) > 0 {
				stuck[i], deps[i] = true, hs
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for i := range ts {
			if !stuck[i] || deps[i] == nil {
				continue
			}
			for _, h := range deps[i] {
				if j, ok := idx[h]; !ok || !stuck[j] {
					stuck[i], changed = false, true
					break
				}
			}
		}
	}
	if stuck[idx[&main.tok]] {
		return true
	}
	for i := range ts {
		if stuck[i] && deps[i] != nil {
			return true // a wait-for cycle, or a wait on one
		}
	}
	return false
}
