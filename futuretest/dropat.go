package futuretest

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// maxDropPolls bounds DropAtEveryAwait: a future still unfinished after
// this many polls is reported rather than driven forever.
const maxDropPolls = 10_000

// DropAtEveryAwait is the cancellation-safety harness: for k = 0, 1, 2, …
// it builds a fresh future with mk, lets it be polled k times, drops it
// (future.Drop), lets the executor settle and calls check(k), which
// asserts that nothing was lost or leaked (through t, or a t it captured).
// It stops after the k at which the future completes within k polls (that
// k is checked too: the future finished normally), or at the first failure,
// which it reports with its k.
//
// "Polled k times" precisely: each k gets a fresh [executor.Local] with a
// virtual clock, on which the future runs as the main task inside a
// wrapper. The wrapper's i-th poll by the executor polls the future for
// the i-th time, for i ≤ k; its (k+1)-th poll drops the future instead.
// So the drop happens where the (k+1)-th poll would have: after the future
// returned Pending k times, after whatever it waited on woke it, and after
// every other task that was ready ran (FIFO) — the point at which a select
// or a timeout abandons a future in a real program. k = 0 drops a future
// never polled. After the drop the executor runs every task that became
// ready (RunUntilStalled), then check(k) runs, then the executor is closed.
// A future that can never be woken after j < k polls is reported as stuck,
// with the executor's deadlock report.
//
// It works for hand-written futures and async blocks alike: dropping a
// suspended block unwinds its body and runs its defers before check.
// Panics with "futuretest.DropAtEveryAwait: nil mk" / "nil check".
func DropAtEveryAwait[T any](t TestingT, mk func() future.Future[T], check func(k int)) {
	t.Helper()
	if mk == nil {
		panic("futuretest.DropAtEveryAwait: nil mk")
	}
	dropAtEveryAwait(t, "DropAtEveryAwait", func(*executor.Local) future.Future[T] { return mk() }, check)
}

// DropAtEveryAwaitOn is [DropAtEveryAwait] for a future that needs company:
// mk receives each k's fresh executor, on which it may spawn the tasks the
// future interacts with (a producer, a lock holder) before returning it.
// Those tasks run between the future's polls, and after its drop until
// they stall; Close drops what is left of them after check.
//
// check may drive them further: keep ex from mk and call executor.Run(ex,
// f) inside check, to drain a channel, release a lock holder or let a
// consumer finish, and assert on what they saw. Each such Run is bounded
// like the future's (executor.MaxPolls: 40 000 polls) and returns an
// error matching executor.ErrPollLimit for a livelock and
// executor.ErrDeadlock when nothing can progress, so a check never hangs.
func DropAtEveryAwaitOn[T any](t TestingT, mk func(ex *executor.Local) future.Future[T], check func(k int)) {
	t.Helper()
	if mk == nil {
		panic("futuretest.DropAtEveryAwaitOn: nil mk")
	}
	dropAtEveryAwait(t, "DropAtEveryAwaitOn", mk, check)
}

func dropAtEveryAwait[T any](t TestingT, call string, mk func(ex *executor.Local) future.Future[T], check func(k int)) {
	t.Helper()
	if check == nil {
		panic("futuretest." + call + ": nil check")
	}
	for k := 0; k <= maxDropPolls; k++ {
		done, ok := dropAt(t, call, k, mk, check)
		if !ok || done {
			return
		}
	}
	t.Errorf("futuretest.%s: the future was still pending after %d polls", call, maxDropPolls)
}

// dropAt runs one k. done: the future completed within k polls; ok: no
// failure was reported.
func dropAt[T any](t TestingT, call string, k int, mk func(ex *executor.Local) future.Future[T], check func(k int)) (done, ok bool) {
	t.Helper()
	ex := executor.NewLocal(
		executor.Clock(newClock(defaultConfig().start)),
		executor.MaxPolls(maxDropPolls*4),
		executor.DeadlockGrace(0),
		executor.BlockingThreshold(0), // virtual time; polls are the test's
		executor.StallAfter(0),
	)
	finished := false
	defer func() {
		if !finished { // check called FailNow (runtime.Goexit) or panicked
			t.Logf("futuretest.%s: stopped at k=%d (the future had been polled %d times, then dropped)", call, k, k)
		}
		_ = ex.Close()
	}()
	d := &dropper[T]{f: mk(ex), k: k}
	if d.f == nil {
		panic("futuretest." + call + ": mk returned a nil future")
	}
	_, err := executor.Run(ex, d)
	if err != nil {
		switch {
		case errors.Is(err, executor.ErrDeadlock):
			t.Errorf("futuretest.%s: k=%d: the future is stuck after %d polls (nothing can wake it): %v", call, k, d.polls, err)
		default:
			t.Errorf("futuretest.%s: k=%d: after %d polls: %v", call, k, d.polls, err)
		}
		finished = true
		return false, false
	}
	ex.RunUntilStalled()
	before := failed(t)
	check(k)
	if cerr := ex.Close(); cerr != nil && !errors.Is(cerr, executor.ErrClosed) {
		t.Errorf("futuretest.%s: k=%d: closing the executor: %v", call, k, cerr)
		finished = true
		return false, false
	}
	finished = true
	if !before && failed(t) {
		t.Logf("futuretest.%s: check failed at k=%d (the future had been polled %d times, then dropped)", call, k, k)
		return d.completed, false
	}
	return d.completed, true
}

// dropper is the main task of one k: it polls f up to k times, and drops it
// at its (k+1)-th poll.
type dropper[T any] struct {
	f         future.Future[T]
	k, polls  int
	completed bool
	phase     wrapPhase
}

func (d *dropper[T]) Poll(cx *future.Context) future.Poll[future.Unit] {
	d.phase.Check(d)
	if d.polls == d.k {
		f := d.f
		d.f, d.phase = nil, wrapDone
		future.Drop(f)
		return future.Ready(future.Unit{})
	}
	d.polls++
	if d.f.Poll(cx).IsReady() {
		d.f, d.phase, d.completed = nil, wrapDone, true
		return future.Ready(future.Unit{})
	}
	return future.Pending[future.Unit]()
}

// Drop drops f if the executor gives up (a deadlock report).
func (d *dropper[T]) Drop() {
	if d.phase != wrapLive {
		return
	}
	f := d.f
	d.f, d.phase = nil, wrapDropped
	future.Drop(f)
}

// String names the harness in deadlock reports.
func (d *dropper[T]) String() string {
	return fmt.Sprintf("futuretest.DropAtEveryAwait wrapper (k=%d, %d polls so far)", d.k, d.polls)
}
