package futuretest

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
)

// Choice returns a future that is ready at its first poll with a number in
// [0, n): a choice point of the exploration, like the order of two tasks.
// Under [Explore], [Find] and [Replay] (polled by any task of a trial's
// executor) each strategy chooses the value — [Exhaustive] tries every
// one (at no cost against its preemption bound), [Random] and [PCT] draw
// it uniformly — and the failing run's schedule string records it.
// Polled anywhere else it is ready with 0.
//
// Use it for the nondeterminism a test wants covered that is not a
// schedule: which of n requests a client sends, whether a peer answers or
// hangs up, how many bytes a read returns. Choice(1) is always 0 and is
// not a choice point.
//
// Panics naming the call ("futuretest.Choice(0): n must be at least 1")
// if n < 1. Polling after Ready panics. Cost: one allocation.
func Choice(n int) future.Future[int] {
	if n < 1 {
		panic(fmt.Sprintf("futuretest.Choice(%d): n must be at least 1", n))
	}
	return &choice{n: n}
}

// choice is the future behind [Choice].
type choice struct {
	n    int
	done bool
}

// Poll asks the trial polling it, if any, for the value.
func (c *choice) Poll(cx *future.Context) future.Poll[int] {
	if c.done {
		panic("futuretest.Choice: polled after completion")
	}
	c.done = true
	if b, ok := taskcx.Of(cx).Chooser.(*branchChooser); ok {
		return future.Ready(b.tr.choose(ptChoice, c.n, 0))
	}
	return future.Ready(0)
}

// String names the future in reports.
func (c *choice) String() string { return fmt.Sprintf("futuretest.Choice(%d)", c.n) }
