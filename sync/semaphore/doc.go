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
// Neighbours: package mutex (a lock owning a value), package notify (bare
// wake-ups), package barrier, package future (Future and Dropper), package
// waker.
//
// [waker.Waker]: https://pkg.go.dev/github.com/kettle-rt/kettle/waker#Waker
package semaphore
