// Package semaphore holds Kettle's async counting semaphore: the rack of
// burners that chefs take a few at a time.
//
// A [Semaphore] holds a number of permits. [Semaphore.Acquire] is a recipe
// card (a [future.Future]) that a task (a chef at work) awaits for n
// permits; the executor (the manager) polls it, and when too few permits are
// free the future waits in a FIFO line, keeping the task's pager
// ([waker.Waker]). Released permits go to the oldest waiter first: a big
// request at the head of the line collects permits as they come back
// (partial grants, as in tokio) and blocks later, smaller ones, so it is
// never starved. A [Permit] is returned explicitly with [Permit.Release].
//
// # Cancellation
//
// Go has no destructors, so cancelling an Acquire is an explicit Drop
// ([future.Dropper]). A dropped Acquire leaves the line at once and gives
// back the permits it had collected, or, if it had been granted all of them
// but not yet returned its Permit, gives those back: permits are conserved,
// so every Acquire is cancel-safe.
//
// # Threads and executors
//
// The semaphore guards its state with a sync.Mutex and wakes waiters after
// releasing it, so it works on any executor and permits may be released
// from plain goroutines. A Release synchronizes with the return of the
// Acquire that receives the released permits.
//
// # Deadlock proofs
//
// With the real clock an executor reports a deadlock only when it can
// prove one (package executor, "Deadlocks"). A waiting Acquire takes part
// in such a proof ([AcquireFuture.WaitsFor]) only while the semaphore looks
// like a fixed set of permits passed among tasks: at least one permit is
// outstanding, every outstanding permit was returned by Acquire to a task
// (none by TryAcquire or outside an executor), and neither
// [Semaphore.AddPermits] nor [Semaphore.Close] has ever been called on it.
// The waiter then needs a holder or a waiter ahead of it to move, and is
// stuck if they all are. The proof can be fooled, and a correct program
// reported as deadlocked, only by a permit handed to a plain goroutine
// that will Release it, or by a first AddPermits or Close made (by a
// goroutine or a task outside the cycle) after the tasks got stuck: a
// semaphore meant to be replenished should be so from the start (an
// AddPermits(0) at creation is enough to opt out of proofs).
//
// Neighbours: package mutex (a lock owning a value), package notify (bare
// wake-ups), package barrier, package future (Future and Dropper), package
// waker.
//
// [waker.Waker]: https://pkg.go.dev/github.com/kettle-rt/kettle/waker#Waker
package semaphore
