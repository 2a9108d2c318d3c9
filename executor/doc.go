// Package executor is Kettle's manager: it runs futures (recipe cards,
// package future) as tasks (chefs at work) until they are ready.
//
// A [Local] executor polls every task on the goroutine that calls [Run] (or
// [Local.RunUntilStalled]); a wake (the pager, package waker) from any
// goroutine puts the woken task back on its run queue and unparks the loop.
// [Spawn] starts a task and returns its [JoinHandle], itself a future of the
// task's [future.Result]; [SpawnBlocking] runs a blocking function on its own
// goroutine, off the loop; [BlockOn] is the one-call entry point. A
// [JoinSet] is a group of spawned tasks joined in the order they finish,
// aborted together (tokio's JoinSet).
//
// A [Multi] is the work-stealing manager of a bigger kitchen: several
// worker goroutines (chefs' stations), each with a fixed-size ring of
// tasks that idle workers steal half of, a LIFO slot, an inbox, a global
// inject queue, and one parked worker waiting in the reactor for all. A
// task spawned or woken by a running task stays on that task's worker
// (its inbox, its LIFO slot), found through the processor (P) the caller
// runs on, since Go has no goroutine-local storage; a wrong guess costs
// locality (and, behind a poll that blocks, the wait for the blocking
// detector's rescue). [Run] on a Multi blocks the caller until its future,
// spawned on the workers, is ready. [SpawnBlocking] on a Multi uses a bounded goroutine pool. On both
// executors a poll that runs longer than [BlockingThreshold] is reported
// ([BlockingReporter]): the blocking call inside async code, made visible.
//
// What the manager guarantees:
//   - a task is queued at most once and never polled twice at a time; a wake
//     during a poll makes it run again after that poll (package
//     internal/taskstate holds the state word);
//   - with [Seed], the order in which ready tasks run and the order in which
//     joins and selects poll their branches ([future.Chooser]) replay
//     exactly from the seed; without it both are fixed: ready tasks run
//     in the order they were queued, except that on a Local the tasks
//     woken since the loop last looked go before the ones spawned since
//     then (two inject queues, see [Local]), and a task that wakes itself
//     during its poll goes ahead of the tasks woken since the loop last
//     looked; branches run in their order;
//   - a panic in a task is caught: its handle yields a [*PanicError] and the
//     loop goes on;
//   - deadlocks are reported honestly (see "Deadlocks" below): [Run]
//     returns a [*DeadlockError] (matching [ErrDeadlock]) naming every
//     stuck task and what it waits on only when the deadlock is certain,
//     and never fails a program whose tasks wait on the outside world;
//   - [Local.Close] drops every unfinished task (their Drop runs, async
//     blocks' defers run) and their handles yield [ErrClosed]; [Multi.Close]
//     does the same and returns after at most [CloseWait] even if a poll
//     is stuck ([ErrStuck] names the task; its worker drops it later).
//
// Close is required; the garbage collector is a safety net for a Local that
// was forgotten. Its tasks do not refer to it: a task's waker pages the
// task, and the task's scheduler reaches only the few fields a wake touches,
// kept apart from the Local (the Local owns its tasks, not the other way
// round). So wherever wakers are kept — timer wheels, sockets'
// registrations, channel and lock queues, plain goroutines, the goroutines
// of suspended async blocks — they do not keep a Local alive. Once nothing
// else reaches it, a cleanup on another goroutine drops its tasks that
// returned Pending as Close would (Drop methods and async blocks' defers run
// there, the blocks' goroutines end, handles awaited elsewhere yield
// ErrClosed), closes its timer driver and its reactor (epoll and eventfd),
// finishes a trace it owns ([Trace]), and logs "executor: a Local became
// unreachable without Close" through [Logger], at most once a second.
// Nothing is lost by it: only Run, RunUntilStalled and Close poll a Local's
// tasks, and each needs the Local (a Run in progress holds it, also while
// parked), so while it is reachable a waker held anywhere works as usual,
// and after, a wake is harmless. Not collected, so Close is the only
// release: a Local that one of its own unfinished tasks refers to (a future
// or a suspended async block holding the *Local: a task that spawns on its
// own executor, a [JoinSet] on it) once anything outside keeps a waker of
// one of its tasks, one with a [SpawnBlocking] job in flight (until the job
// returns), one reached from a global or a live goroutine, and every [Multi]
// (its workers are goroutines that hold it). The cost: two weak pointers per
// Local, made by [NewLocal]; nothing per task, per poll or per wake
// (local_cleanup.go, local_wake.go).
//
// Faults in user code never take the runtime down: a panic in a poll
// becomes the task's [*PanicError]; runtime.Goexit in a poll (t.FailNow)
// completes the handle with a *PanicError of [ErrGoexit] and a Multi
// worker replaces itself (on a Local the goroutine that called Run ends,
// as Goexit demands, and the executor stays usable); panics in a Drop
// come back from Abort's handle or Close; panics in wakers fired by the
// timer driver, the reactor or the sync primitives, in the trace's
// io.Writer, in a [BlockingReporter] or in the String method a dump calls
// are caught where the runtime calls them and reported (package
// internal/safecall: slog.Default, one line a second) — the runtime goes
// on. The fault-injection suite (fault_suite_test.go) checks all of it on
// both executors.
//
// Watching the kitchen: [Local.Metrics] and [Multi.Metrics] return the
// counters of a [Metrics] snapshot (always on, no atomic per poll: each
// poller publishes its plain counters now and then, as tokio's
// MetricsBatch does); [Local.Dump] and [Multi.Dump] list every live task
// with what it waits on ([TaskDump]), and a task stuck in a poll as
// running with how long ([TaskInfo.Polling]). Both read published
// snapshots from any goroutine and never wait for a poll (a few
// microseconds while a poll is stuck); [Trace], [NewTracer] and [OpenTrace] write every poll to a
// Chrome trace-event file ([Tracer]) that https://ui.perfetto.dev draws
// as a timeline per worker.
//
// The kitchen's bells: each executor owns a timer driver (package timer)
// and a reactor (package reactor; a Local opens it on the first I/O) and
// publishes both on its [future.Services] table, through which leaf
// futures find them. An idle Local parks until the next timer deadline, in
// the reactor once it is open; with a [timer.VirtualClock] ([Clock]) it
// jumps time to that deadline instead, and a deadlock is reported at once.
// While busy, it still fires due timers and polls the reactor every 61
// polls, so a long run queue cannot hold them back.
//
// # Deadlocks
//
// When the main future is pending and nothing inside the runtime can wake
// a task (no task ready, no timer armed, no I/O waiter on the executor's
// reactor, no blocking job in flight):
//
//   - under a [timer.VirtualClock] nothing outside the runtime can wake a
//     task either, and Run reports the deadlock at once;
//
//   - with the real clock a plain goroutine, a channel ([future.FromChan]),
//     a context ([future.FromContext]) or a socket watched by another
//     runtime may still wake a task, so Run keeps waiting, like a Go
//     program blocked on a channel, and reports only a provable deadlock:
//     the main task never took its waker (future.Never), or a wait-for
//     cycle over Kettle's own primitives — each task waiting on a mutex
//     or RWMutex held by the next (a waiting writer needs every reader),
//     on a semaphore whose permits the next holds, or at a barrier the
//     next must reach, and the tasks waiting on them (a [JoinHandle] waits
//     on its task) — found as databases find lock cycles
//     (deadlock_proof.go), once the loop has been quiet for 10 ms. The
//     breakfast's spoon-and-pan cycle is found this way without any grace
//     period.
//
//     When the cycle rule can be fooled (a correct program reported): the
//     proof trusts that a resource is released only by the task that took
//     it, and that a task waits on nothing but what its last poll recorded.
//     So a mutex or RWMutex guard or a semaphore Permit handed to a plain
//     goroutine (which could release it); a hand-written leaf that waits
//     without calling [future.Context.SetWaitingOn] next to a lock in a
//     select; a first semaphore AddPermits or Close made after
//     the tasks got stuck (a semaphore that was ever fed or closed is never
//     part of a proof; AddPermits(0) at creation opts one out); and a
//     barrier party that never arrived before (parties are learned from
//     the last completed generation; before the first, a barrier proves
//     nothing) can each make a report wrong. What a proof never uses: a
//     hold taken with TryLock, TryRead, TryWrite or TryAcquire, or by a
//     poll outside an executor (unknown holder), and a semaphore nobody
//     holds permits of (it can only be fed from outside).
//
//   - Otherwise, after [StallAfter] (default 10 s) of quiet the executor
//     logs a stall once per quiet spell, with the task dump, through
//     [Logger] (default slog.Default()), and goes on waiting.
//
// [DeadlockGrace] opts into the older rule (report after a grace period of
// quiet, a judgement rather than a proof) or, with d < 0, turns detection
// off. [BlockOn] panics with the report.
//
// Layout. File names say who owns what:
//   - task.go (the task header and the numbered rules of who may touch
//     which field), task_handle.go ([JoinHandle], the typed side),
//     task_registry.go (the set of unfinished tasks), poll.go (the one
//     poll path, a poller per Local loop or Multi worker): shared by both
//     executors; package internal/taskstate holds the state word.
//   - local*.go: the single-threaded [Local], a thin scheduler around a
//     poller: run queue (local_runq.go), inject queues (woken stack and
//     spawn chain, local_wake.go), park, its snapshot.
//   - multi*.go: the work-stealing [Multi]: workers (each a poller), LIFO
//     slots, steal rings (package internal/stealq), inboxes and the inject
//     queue (multi_inject.go), the P hint (multi_pin.go), idle set,
//     blocking pool, its snapshot.
//   - poll_*.go: what watches a poller from outside (the blocking
//     detector, the coarse clock); trace.go, metrics.go and dump.go: the
//     observers' public types; options.go: every option and every default.
//
// Package internal/exechook is the private door through which package
// futuretest picks every task a Local polls.
//
// Neighbours: package future (what is run), package waker (how tasks are
// woken), packages timer and reactor (the bells), package futuretest
// (schedule exploration over [Local] with seeds).
package executor
