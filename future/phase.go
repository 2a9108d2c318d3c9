package future

import lifecycle "github.com/kettle-rt/kettle/internal/phase"

// phase is the one life cycle of every future (package internal/phase)
// under the names this package's combinators use: a combinator starts
// live, becomes done when its Poll returns Ready, or dropped when Drop is
// called first. Only a live combinator may be polled (phase.Check panics
// otherwise, naming the future's type); only a live combinator's Drop
// does anything. Both end states are final.
type phase = lifecycle.Phase

const (
	live    = lifecycle.Fresh   // may be polled; Drop releases the children
	done    = lifecycle.Done    // Poll returned Ready; the children are released
	dropped = lifecycle.Dropped // Drop ran; the children were dropped
)

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
