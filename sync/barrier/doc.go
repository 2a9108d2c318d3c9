// Package barrier holds Kettle's meeting point: the pass where n chefs wait
// until the whole team has arrived, then all go on together.
//
// A [Barrier] for n parties releases its waiters each time the n-th
// [Barrier.Wait] arrives; exactly one of them, the last to arrive, is told
// it is the leader ([WaitResult.IsLeader]) — say, to plate the dish. The
// barrier is reusable: the next n arrivals form the next generation.
//
// Wait is a recipe card ([future.Future]); a task (a chef at work) awaits
// it, and the executor (the manager) polls it; an early arrival waits in line
// holding the task's pager ([waker.Waker]). A Wait arrives at its first
// poll, not at the call that creates it.
//
// # Cancellation
//
// Unlike tokio's Barrier::wait, which is not cancel-safe (a cancelled wait
// still counts as arrived), a dropped Wait here takes its arrival back if its
// generation has not completed: the barrier then waits for another party.
// A Wait dropped after its generation completed changes nothing (the others
// were released with it). So Wait is cancel-safe.
//
// # Deadlock proofs
//
// With the real clock an executor reports a deadlock only when it can
// prove one (package executor, "Deadlocks"). A barrier remembers the tasks
// of its last completed generation's arrivals and takes them to be its
// parties (a barrier serves a fixed group); a waiting Wait names them
// ([WaitFuture.WaitsFor]) and is stuck if every one of them is: none of
// them will ever arrive. Before the first generation completes, or when
// one of its arrivals came from outside an executor, a Wait proves
// nothing. The proof can be fooled only by a party that never arrived
// before (a new task, another executor's task, a goroutine's BlockOn)
// arriving after the known parties got stuck. Remembering the parties
// keeps their n task tokens reachable until the next generation completes.
//
// Neighbours: package notify (bare wake-ups), package semaphore, package
// mutex, package future, package waker.
//
// [waker.Waker]: https://pkg.go.dev/github.com/kettle-rt/kettle/waker#Waker
package barrier
