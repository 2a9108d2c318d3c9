// Package futuretest is the kitchen's inspector: tools to test recipe cards
// ([future.Future]) and the chefs that follow them (tasks on an
// [executor.Local]) for the bugs that poll-based code is prone to — missed
// wake-ups, futures that are not safe to cancel, interleavings that
// deadlock, livelock or lose data, and error paths nobody ran.
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
// The check may drive the helper tasks of [DropAtEveryAwaitOn] itself
// (executor.Run on the executor mk received, for example to drain a
// channel and count what arrived); every Run is bounded by a poll budget,
// so a livelock is reported, not waited for.
//
// # Schedules: Explore
//
// [Explore] (and [Find], which reports to nobody) runs a test body many
// times, each on a fresh executor with a virtual clock, under a different
// schedule chosen by a [Strategy]: [Random] seeds, [PCT] (probabilistic
// concurrency testing) or [Exhaustive] (iterative preemption bounding
// with partial-order reduction). Every task on the run's executor
// ([Trial.Executor]) is explored, however it was started: [Spawn] and
// [Run], executor.Spawn and executor.Run by the body or by the code under
// test, join sets, the completions of executor.SpawnBlocking jobs (each
// runs as a step of its own). The choice points of a run are
//
//   - before each poll, which ready task the executor polls (the trial is
//     the executor's picker, through the private hook
//     internal/exechook);
//   - in a join or select, which branch is polled first — a choice only
//     where it can change the outcome (see below);
//   - the value of each [Choice], for data the test wants covered;
//   - with [InjectFaults], whether each fallible leaf (mpsc Send, a
//     semaphore Acquire, [timer.Timeout], aio.Duplex reads and writes, tcp
//     and udp operations) fails now, as it can for real.
//
// Every failure — an error returned by the body (an [executor.ErrDeadlock]
// report naming the stuck tasks and what they wait on, an
// [executor.ErrPollLimit] from the per-run step budget [MaxPolls], for a
// livelock), a panic, a check failed through the Trial — comes with a
// schedule string ("v1:seed=…" or "v1:1.0.0.1") that [Replay] runs again,
// exactly, faults included; a schedule from another program or version is
// reported as "diverged at step N" ([ErrDiverged]). A run stuck on a wait
// outside the trial (a goroutine, a Go channel, a context, real I/O) is
// [ErrUnsupported], naming the task and what it waits on, with no
// schedule: no schedule replays the outside world.
//
// # Exhaustive: what is explored, and how many runs
//
// [Exhaustive](maxSteps, c) runs the schedules with no preemption first,
// then those with exactly one, up to c (a preemption: the step goes to
// another task while the one that took the previous step is still ready;
// an injected fault costs one too). Within a level, earlier deviations
// run first. Free choices (who runs when the last task blocked or
// finished, Choice values, contended branch orders) cost nothing. A
// schedule that only moves a step which awaits other tasks is put off
// until every level has run (see "Put off, not pruned" below).
//
// Two reductions keep equivalent schedules from running twice.
//
// Branch orders. A select is a choice only where its branches are ready
// together. Combinators tell the explorer, after each poll, whether the
// order was contended ([future.Settler]): a select whose first-polled
// branch won (the others were not polled, so they might have been ready
// too), a join two or more of whose branches finished in the same poll
// while it changed a Kettle resource (two finished handles, which are
// only read, end the same in either order).
// An uncontended order has one outcome and is not explored; the run that
// tries the other order of a contended select is cut when that order's
// first branch does not win (it repeats a run made already). This rests
// on what Kettle's leaves guarantee: a Pending poll followed by Drop
// leaves no trace. JoinSet's JoinNext settles like a select (contended
// when handles were left unpolled after the one that finished).
// Combinators that do not settle (stream's Merge and unordered sets)
// keep every order as a choice.
//
// Task orders: sleep sets (Godefroid 1996). Each step's footprint is the
// set of resources its poll touched — Kettle's primitives (sync/*, timer)
// guard their state with the locks of internal/footprint, which report
// themselves while a run is recorded, as do aio.Duplex pipes and the
// lock-free fast paths of mutex and notify; oneshot reports directly; polling a
// JoinHandle reads the task's output, which the task's completion writes
// — plus the tasks it woke. Two steps of different tasks are independent
// when neither woke the other's task and they share no resource that one
// of them changed.
// Swapping adjacent independent steps gives an equivalent schedule, so
// when a child run takes task B where its parent took A, A "sleeps" in
// the child until a step it depends on runs; a child that would run a
// sleeping task is not queued, and a run is cut where a sleeping task
// runs undisturbed (it repeats its parent's subtree). Because resources
// are fresh pointers in every run, footprints are compared within one run
// only (por.go).
//
// TestSleepSetsKeepEveryOutcome (por_test.go) is the differential check:
// on six programs that share state through mutexes, channels, a
// semaphore, notify, watch, oneshot and timers, complete searches at
// bounds 1 and 100 reach exactly the outcomes of the same searches without
// sleep sets, in 1–14× fewer runs (lock order at no bound: 1 256 against
// 5 632). It caught the primitives' lock-free fast paths, which now report
// their accesses too.
//
// What the reductions assume, and where they are weaker:
//
//   - Tasks share state through Kettle's primitives. Plain Go variables
//     that two tasks both touch are invisible to footprints: two steps that
//     only share such a variable look independent. A reordering that
//     exposes a bug in one deviation is still found (the deviating run is
//     run to its end: the lost-update tests), but one that needs a second
//     deviation after such a pair may be cut. Guard shared variables with
//     a Kettle mutex, or run Random and PCT as well.
//   - Within the bound, a schedule may be skipped when every equivalent
//     one costs more preemptions than it does (the known tension between
//     bounding and partial-order reduction, Coons et al., OOPSLA 2013);
//     raising the bound recovers it.
//
// Put off, not pruned. A step whose footprint is reads of JoinHandles and
// nothing else (plus its own task's completion, if it finished), and
// that woke no task, only awaits other tasks: the main task of
// executor.Run polling its join is the common one. Where a run's
// alternative at a task point is a task whose next step in that run is
// such a step, the child schedule only moves an await: by its footprint
// it changes nothing another task reads, and it is most likely a schedule
// already run in another order. Such children are put off until every
// level has run (levels 0..c, then the put-off ones of 0..c), not
// dropped: the step may also write a plain Go variable, which footprints
// do not show (TestExhaustiveRunsPutOffReorderings). Sleep sets alone
// cannot skip them: the moved step is the child's own deviation, not a
// sleeping task's, and the child is seen to repeat its parent only once
// it has run (it is cut after a step); skipping it unrun takes the
// persistent-set half of DPOR, which would drop plain-variable
// reorderings too. Complete searches
// run the same schedules as before, in another order. One known
// imprecision: when every task is idle after an awaiting step and the
// virtual clock moves, the timers that fire are recorded as that step's
// doing, so it no longer counts as only awaiting (the breakfast's main).
//
// The number of runs. Let S = maxSteps, n the most tasks ready at once,
// and f the most free choice points a run meets (a task blocked or
// finished while two or more others were ready, a contended branch order,
// a Choice), each with at most a options. A schedule is fixed by its free
// choices and by where its (at most c) preemptions go and to which task,
// so Exhaustive makes at most
//
//	a^f · Σ_{i=0..c} C(S, i)·(n−1)^i
//
// runs: for a fixed bound, polynomial in the length of the run times an
// exponential in the number of free choices — not in the number of steps
// — and the reductions only remove runs. (The old package doc called the
// run count polynomial, leaving out the free choices; the select loop
// below, where every select order was one, shows why that was wrong.)
// Measured with FUTURETEST_TABLE=1 go test -run TestCampaignTable -v
// ./futuretest/:
//
//	complete search                         before    now
//	fixed breakfast, c = 2                  18        25 (every task explored now, main too)
//	select loop, 8 values (13 steps), c = 0 6 144     42
//	select loop, 20 values (25 steps), c=0  ~10^11 †  90
//	† measured 96, 768, 6 144, 24 576 for 4, 6, 8, 9 values: ×4 per value
//
// # What the strategies find, and what they cost
//
// The tests plant bugs (programs_test.go, corpus2_test.go,
// alltasks_test.go, faults_test.go) and count the runs each strategy needs:
// the mean over 200 campaigns (seeds 1–200, budget 1000) for Random and
// PCT at depth 2, and the deterministic count of Exhaustive(200, 2).
// "Before" is the package before this version, measured the same way on
// the same machine. A run of the three-task fixed breakfast (about 20
// steps) costs 11–14 µs (median 13, five runs of 3 000 with a load
// average of 6; up to 66 µs under heavier load) and 106 allocations, most of them the program's own and the fresh executor's
// (BenchmarkRun; before: 190–250 µs, mostly goroutine-id lookups).
//
//	bug                              Random          PCT(d=2)        Exhaustive(200, 2)
//	                                 before   now    before   now    before  now
//	deadlock (breakfast)             14.56  16.11    2.22    2.10      2      2
//	livelock (try-lock loop)          5.80   6.21   10.06   10.06      2      4
//	lost message                      1.04   1.04    1.16    1.11      1      1
//	permit leak                       5.62   5.42    2.48    2.40      1      1
//	futurelock                        3.38   3.27    2.26    2.29      1      1
//	lost update, 5-step tail          2.01   1.94   14.84   14.84     37      3
//	lost update, 10-step tail         2.01   1.94   25.05   25.05    122      3
//	lost update, 20-step tail         2.01   1.94   47.58   47.58    442      3
//	lost update, executor.Spawn      never   2.56   never    7.12   never     4
//	lost update, JoinSet members       —     2.56     —      7.12     —       5
//	SpawnBlocking completion order     —     3.92     —      2.31     —       2
//	retry debits twice (InjectFaults)  —     2.33     —      2.25     —       4
//
// A mean over 200 campaigns has a standard error of about 7% of itself
// (runs-to-find is close to geometric): differences smaller than that are
// noise. Over 2 000 campaigns (FUTURETEST_TABLE=2000, about a minute;
// FUTURETEST_ROWS=text picks rows; the test prints each mean ± its
// standard error) before and now are, for Random: breakfast 15.87 and
// 16.06 ± 0.35, livelock 5.98 and 5.95 ± 0.12, permit leak 5.45 and 5.53
// ± 0.11, futurelock 3.28 and 3.36 ± 0.06 — equal within noise, and near
// the analytic 16 on the breakfast (the bug needs the eggs' six steps
// before the bacon's two: probability 1/16). Random is the uniform
// scheduler over every ready task, main included; leaving main out of the
// draw reproduces the old figures to the digit, so the 200-campaign gap
// comes from main taking draws from the random stream, not from a
// different distribution.
//
// PCT, 2 000 campaigns, before and now (± standard error): breakfast
// 2.45 ± 0.05 and 2.41 ± 0.05, livelock 10.31 ± 0.20 and 10.31 ± 0.20,
// lost message 1.15 ± 0.01 and 1.13 ± 0.01, permit leak 2.39 ± 0.05 and
// 2.28 ± 0.04, futurelock 2.21 ± 0.04 and 2.19 ± 0.04, lost updates
// 15.19 ± 0.31, 24.90 ± 0.53, 45.83 ± 0.97 and the same now, digit for
// digit. Once Run's main task became an explored task, its steps counted
// in PCT's step estimate k and change points falling on them were wasted
// (livelock 12.47, 20-step tail 47.79 at 2 000 campaigns). PCT now counts
// only the steps that do more than await other tasks, and a change point
// passes over a task whose last step only awaited (see [PCT]): main's
// join steps take neither a place in k nor a change point, and on these
// programs PCT makes the old decisions exactly. Two alternatives measured
// and rejected: counting only the steps up to a run's last choice, or
// only the steps with two or more ready tasks (shuttle's count), lower k
// further and help the lost updates (13.79 / 24.37 / 45.17 at 200) but
// disturb the bugs that need no change point more often (breakfast 2.86
// ± 0.07 at 2 000 for the second). The same trade-off shows on a row the
// old package could not measure: SpawnBlocking completion order, 2.26 ±
// 0.04 with main's steps counted, 2.52 ± 0.05 now; executor.Spawn went
// the other way, 8.96 ± 0.16 to 6.98 ± 0.13.
//
// Exhaustive finds the lost updates in 3 runs where depth-first search
// needed 37, 122 and 442: the default run, the other task first (a free
// choice), then the preemption after the first read. The reorderings of
// main's join steps, which used to come in between (6 runs), are put off
// (see "Put off, not pruned"); so are they on the livelock (8 runs, now
// 4), the JoinSet's (9, now 5, with JoinNext settling its order too) and
// the retry bug (14, now 4). The livelock needs a preemption in the
// middle of the run, which iterative deepening reaches after the
// no-preemption schedules. No schedule alone exposes the retry bug: only
// a timeout that expires first does.
//
// Neighbours: package future (what is tested; its combinators report
// contended orders), package executor (what runs it: [executor.Local],
// [executor.MaxPolls], deadlock reports), package timer (the virtual
// clock that makes sleeps instant and runs reproducible), the sync/*
// packages (the locks and channels whose misuse the explorer finds; their
// locks report footprints), internal/faults (the hook the fallible leaves
// consult).
//
// [future.Future]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Future
// [future.Settler]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Settler
// [executor.Local]: https://pkg.go.dev/github.com/kettle-rt/kettle/executor#Local
// [executor.ErrDeadlock]: https://pkg.go.dev/github.com/kettle-rt/kettle/executor#ErrDeadlock
// [executor.ErrPollLimit]: https://pkg.go.dev/github.com/kettle-rt/kettle/executor#ErrPollLimit
// [executor.MaxPolls]: https://pkg.go.dev/github.com/kettle-rt/kettle/executor#MaxPolls
// [timer.Timeout]: https://pkg.go.dev/github.com/kettle-rt/kettle/timer#Timeout
package futuretest
