package stream

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	iphase "github.com/kettle-rt/kettle/internal/phase"
)

// phase is the life cycle of every stream and future of this package.
//
// Transitions: live→ended (PollNext returned End; a future: Poll returned
// Ready), live→dropped (Drop). Both end states are final. A stream polled
// when ended returns End again; anything polled when dropped panics.
type phase uint8

const (
	live    phase = iota // may be polled; Drop releases what it holds
	ended                // finished: sources released, PollNext returns End
	dropped              // Drop ran; polling panics
)

// checkStream panics, naming s's type, if p is dropped, and reports
// whether s is still live (false: it ended; return End).
func (p phase) checkStream(s any) bool {
	if p == dropped {
		panicDropped(s)
	}
	return p == live
}

// checkFuture panics, naming f's type, unless p is live.
func (p phase) checkFuture(f any) {
	if p != live {
		panicFuture(f, p)
	}
}

// panicDropped reports a stream polled after Drop.
//
//go:noinline
func panicDropped(s any) { iphase.Polled(s, true) }

// panicFuture reports a future polled after completion or Drop.
//
//go:noinline
func panicFuture(f any, p phase) { iphase.Polled(f, p == dropped) }

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
