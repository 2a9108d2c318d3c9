package stream

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	lifecycle "github.com/kettle-rt/kettle/internal/phase"
)

// phase is the one life cycle of every future (package internal/phase)
// under the names this package uses for streams and their futures.
//
// Transitions: live→ended (PollNext returned End; a future: Poll returned
// Ready), live→dropped (Drop). Both end states are final. A stream polled
// when ended returns End again (phase.CheckStream); anything polled when
// dropped panics, naming its type; a future polled when ended panics too
// (phase.Check).
type phase = lifecycle.Phase

const (
	live    = lifecycle.Fresh   // may be polled; Drop releases what it holds
	ended   = lifecycle.Done    // finished: sources released, PollNext returns End
	dropped = lifecycle.Dropped // Drop ran; polling panics
)

// mustStream panics with "stream.<call>: nil stream" if s is nil.
func mustStream[T any](call string, s Stream[T]) {
	if s == nil {
		panic("stream." + call + ": nil stream")
	}
}

// mustFn panics with "stream.<call>: nil fn" if isNil.
func mustFn(call string, isNil bool) {
	if isNil {
		panic("stream." + call + ": nil fn")
	}
}

// mustPositive panics with "stream.<call>: n < 1" unless n >= 1.
func mustPositive(call string, n int) {
	if n < 1 {
		panic(fmt.Sprintf("stream.%s: n = %d, want n >= 1", call, n))
	}
}

// drop drops s (a stream or a future) if it is not nil.
func drop(s any) {
	if s != nil {
		future.Drop(s)
	}
}
