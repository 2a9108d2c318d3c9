// Package futuretest is the kitchen's inspector: tools to test recipe cards
// ([future.Future]) and the chefs that follow them (tasks on an
// [executor.Local]) for the bugs that poll-based code is prone to — missed
// wake-ups, futures that are not safe to cancel, and interleavings that
// deadlock, livelock or lose data.
//
// # Polling by hand
//
// [PollOnce], [AssertPending] and [AssertReady] poll a future once under a
// [CountingWaker] (the pager that counts its pages), in the style of
// tokio-test and futures-test. [PendingOnce] and [InterleavePending] wrap a
// future so that it returns extra, self-woken Pendings: code that only
// works because it happens to be polled again shows itself.
//
// # Cancellation: DropAtEveryAwait
//
// [DropAtEveryAwait] (and [DropAtEveryAwaitOn], for futures that need other
// tasks) drops a fresh future after 0, 1, 2, … polls, each time on a fresh
// executor with a virtual clock, and runs a check after each drop: what a
// select or a timeout does to a future in a real program, at every await
// point. A future that holds a lock, a permit or a queue place across an
// await and does not release it in Drop is caught at the k where it does.
//
// # Schedules: Explore
//
// [Explore] (and [Find], which reports to nobody) runs a test body many
// times, each on a fresh executor with a virtual clock, under a different
// schedule chosen by a [Strategy]: [Random] seeds, [PCT] (probabilistic
// concurrency testing) or [Exhaustive] (depth-first, preemption-bounded).
// The body starts the tasks to explore with [Spawn] and [Run]; at each step
// the [Trial] chooses which ready task's future is polled next, and in
// which order a join or select inside it polls its branches. Every failure
// — an error returned by the body (an [executor.ErrDeadlock] report naming
// the stuck tasks and what they wait on, an [executor.ErrPollLimit] from
// the step bound, for a livelock), a panic, a check failed through the
// Trial — comes with a schedule string ("v1:seed=…" or "v1:1.0.0.1") that
// [Replay] runs again, exactly; a schedule from another program is
// reported as having "diverged at step N" ([ErrDiverged]).
//
// How the choice is made: a controlled task's future is wrapped. When the
// executor polls a wrapper and no step is decided, the trial asks the
// strategy to choose among the ready controlled tasks (those spawned or
// woken since their last poll, in spawn order); a wrapper that is not the
// chosen one wakes itself and returns Pending without polling its future,
// so the executor goes round its (FIFO) queue until the chosen one comes
// up. The futures see nothing of this. Task identity is what makes PCT's
// per-task priorities and the preemption count possible. (Package
// executor also offers a private hook, internal/exechook, through which a
// picker that sees every ready task's id chooses each poll of a Local.)
//
// Limits, honestly: only controlled tasks are explored (executor.Spawn'd
// tasks run in FIFO order between them); wakes of a controlled task from a
// goroutine that is neither the executor's nor an async block's coroutine
// are reported as [ErrUnsupported] (real time via the fallback timer
// driver, SpawnBlocking, another executor, real I/O readiness delivered
// from another goroutine), and so is any real I/O by a controlled task (a
// socket registered with the executor's reactor); nondeterminism that slips past that check shows
// up when Explore replays the failing schedule and it does not fail again
// ([ErrNotReproducible]). A body must build all its state afresh in each
// run.
//
// # What the strategies found
//
// The tests of this package plant five real bugs (programs_test.go) and
// count the runs each strategy needs to find them: mean over 20 campaigns
// (seeds 1–20) for Random and PCT at depth 2, and the deterministic run
// count of Exhaustive(200 steps, 2 preemptions). Measured with
// go test -run TestCampaignTable -v ./futuretest/.
//
//	bug                        Random   PCT(d=2)   Exhaustive(200, 2)
//	deadlock (breakfast)        13.60      2.75      2  (fixed version: all 18 schedules pass, 0.01 s)
//	livelock (try-lock loop)     5.55     11.60      2
//	lost message                 1.00      1.10      1
//	permit leak                  4.35      2.55      1
//	futurelock                   3.00      2.20      1
//
// Measured on a 2-core machine with the real virtual-clock timers (a task
// that sleeps is idle, so the windows these bugs need are wide). PCT wins
// where the bug needs one task to run well ahead of another at a few
// points (the breakfast deadlock, the permit leak); the livelock needs
// strict alternation, which a seeded random walk stumbles into sooner than
// PCT's fixed priorities. TestPCTBeatsRandomOnBreakfast asserts the first
// row's ordering.
//
// Neighbours: package future (what is tested), package executor (what runs
// it: [executor.Local], [executor.MaxPolls], deadlock reports), package
// timer (the virtual clock that makes sleeps instant and runs
// reproducible), the sync/* packages (the locks and channels whose misuse
// the explorer finds).
//
// [future.Future]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Future
// [executor.Local]: https://pkg.go.dev/github.com/kettle-rt/kettle/executor#Local
// [executor.ErrDeadlock]: https://pkg.go.dev/github.com/kettle-rt/kettle/executor#ErrDeadlock
// [executor.ErrPollLimit]: https://pkg.go.dev/github.com/kettle-rt/kettle/executor#ErrPollLimit
// [executor.MaxPolls]: https://pkg.go.dev/github.com/kettle-rt/kettle/executor#MaxPolls
package futuretest
