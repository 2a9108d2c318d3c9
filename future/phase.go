package future

import iphase "github.com/kettle-rt/kettle/internal/phase"

// phase is the life cycle shared by every combinator in this package. A
// combinator starts live, becomes done when its Poll returns Ready, or
// dropped when Drop is called first. Only a live combinator may be polled;
// only a live combinator's Drop does anything.
//
// Transitions: live→done (Poll returned Ready), live→dropped (Drop). Both
// end states are final.
type phase uint8

const (
	live    phase = iota // may be polled; Drop releases the children
	done                 // Poll returned Ready; the children are released
	dropped              // Drop ran; the children were dropped
)

// check panics, naming f's type, unless p is live. It is small enough to
// inline; the formatting is in the outlined panicPolled.
func (p phase) check(f any) {
	if p != live {
		panicPolled(f, p)
	}
}

// panicPolled reports a poll after completion or after Drop, naming the
// future's type so that the message points at the misused future.
//
//go:noinline
func panicPolled(f any, p phase) { iphase.Polled(f, p == dropped) }

// mustFuture panics with "future.<call>: nil future" if f is nil.
func mustFuture[T any](call string, f Future[T]) {
	if f == nil {
		panic("future." + call + ": nil future")
	}
}

// mustFn panics with "future.<call>: nil fn" if isNil (the caller compares
// its function with nil, so one helper serves every function type).
func mustFn(call string, isNil bool) {
	if isNil {
		panic("future." + call + ": nil fn")
	}
}

// turn advances a rotating counter over n branches and returns its value
// before the advance: the fallback a fair select passes to [Context.First].
func turn(counter *int, n int) int {
	t := *counter
	if t >= n {
		t = 0
	}
	*counter = t + 1
	return t
}
