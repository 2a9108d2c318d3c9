package mutex

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// phase is a lock future's life cycle, owned by whoever polls and drops it
// (never touched by Unlock on another goroutine).
//
//	fresh    never polled, or polled but not yet in line (budget spent)
//	waiting  in line or granted: the lock's state holds the future's waiter,
//	         and Drop must take it out under the lock
//	done     Poll returned Ready; the guard is the caller's
//	dropped  Drop ran
//
// Transitions: fresh→waiting (queued at a poll), fresh→done and
// waiting→done (Ready), fresh→dropped and waiting→dropped (Drop). done and
// dropped are final.
type phase uint8

const (
	fresh phase = iota
	waiting
	done
	dropped
)

// check panics, naming f's type, if the future has finished or was dropped.
func (p phase) check(f any) {
	if p >= done {
		panicPolled(f, p)
	}
}

//go:noinline
func panicPolled(f any, p phase) {
	if p == dropped {
		panic(fmt.Sprintf("%T polled after Drop", f))
	}
	panic(fmt.Sprintf("%T polled after completion", f))
}

// yieldIfSpent reports whether the task's cooperative budget is spent. It is
// called, with the lock's mutex held, when the future could take the lock; if
// it returns true the caller releases the mutex, calls cx.ConsumeBudget (which
// wakes the task) and returns Pending, having taken nothing. Otherwise the
// caller spends one unit with cx.ConsumeBudget (no wake) and takes the lock.
func yieldIfSpent(cx *future.Context) bool { return cx.Budget() == 0 }
