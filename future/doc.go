// Package future holds Kettle's recipe cards: lazy values that an executor
// (the manager) polls on behalf of a task (a chef at work) until they are
// ready.
//
// A [Future] does nothing until polled. Each [Future.Poll] gets a [Context]
// whose [Context.Waker] (the pager, package waker) the future keeps when it
// returns Pending; whoever can make it progress wakes that waker, and the
// executor polls again. The Context also carries the executor's services
// (timers, the reactor: the kitchen's bells) as typed [ServiceKey] values, the
// task's cooperative budget, and the seeded [Chooser] that decides in which
// order joins and selects poll their branches.
//
// Cancellation is explicit: [Drop] releases what a future holds (see
// [Dropper]). Every combinator here drops the children it abandons and
// forwards Drop to the ones it still holds.
//
// Building blocks: [Value], [Never], [Lazy], [PollFn], [YieldNow]; chaining
// with [Map] and [Then]; waiting for all with [Join2], [Join3], [JoinAll] and
// [TryJoinAll]; waiting for the first with [Select2], [Race] and
// [SelectAll]; above 30 children the last four poll only the children
// woken since their last poll (each child has a waker of its own). They
// are lazy, allocate only when built, and ask the
// Context's [Context.First] which branch to poll first, so a seeded
// executor can replay an interleaving.
//
// Select loops: [Select] with [On] cases of any output types, and [Borrow]
// to keep a future (a deadline) alive across iterations. Fallible futures
// ([Result]): [MapOk], [MapErr], [AndThen], [Flatten], [SelectOk].
//
// Two ways to write a future: a hand-written state machine (a struct with a
// Poll method: the allocation-free path) or an async block, [Async] with
// [Await] (a coroutine: the ergonomic path). A third joins them:
// cmd/kettlegen compiles a function marked //kettle:async into a state
// machine with the semantics of the async block; the generated code uses
// the few Gen helpers of this package ([GenDefers], [GenPolledAfter],
// [GenNotNil], [GenNilFuture]) and the tuples up to [Tuple6].
//
// Neighbours: package waker (below), packages timer and reactor (leaf
// futures for time and I/O), package executor (runs futures as tasks), the
// sync/* packages (locks and channels), package futuretest (testing tools).
package future
