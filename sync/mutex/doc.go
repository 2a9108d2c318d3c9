// Package mutex holds Kettle's async locks: the one frying pan that chefs
// take turns with.
//
// A [Mutex] owns its value, as tokio's does: [Mutex.Lock] is a recipe card
// (a [future.Future]) that a task (a chef at work) awaits; the executor (the
// manager) polls it; when the pan is taken the future returns Pending and
// keeps the task's pager ([waker.Waker]) in a FIFO line, and [Guard.Unlock]
// hands the pan to the oldest chef in line directly (hand-off: no barging,
// no starvation). [RWMutex] lets many readers share the value, or one writer
// own it, and is write-preferring: once a writer waits, new readers queue
// behind it.
//
// # Cancellation
//
// Go has no destructors, so cancelling a lock future is an explicit Drop
// ([future.Dropper]). A dropped future that was still in line leaves it at
// once (O(1)); a dropped future to which the lock had already been handed
// but which had not yet observed it passes the lock on to the next in line.
// So every Lock, Read and Write future is cancel-safe: dropping one never
// loses the lock nor wedges the others. Guards are released explicitly with
// Unlock; a guard that is never unlocked keeps the lock forever, exactly like
// a sync.Mutex that is never unlocked.
//
// # Threads and executors
//
// Each lock keeps its state in an atomic word and a sync.Mutex (the
// uncontended Mutex paths are single CAS operations) and wakes waiters after
// releasing its internal lock, so the futures work on the single-threaded
// and multi-threaded executors alike, and guards may be unlocked from plain
// goroutines. An Unlock synchronizes with the return of the Lock (or
// TryLock) that next acquires the lock, as for sync.Mutex.
//
// # Deadlock reports
//
// A pending lock future records itself with [future.Context.SetWaitingOn];
// its String names the lock (see [Name]) and the task that holds it, e.g.
// `mutex.Lock of "spoon" held by task "cook eggs"`, so the executor's
// deadlock report can say who waits on whom.
//
// Neighbours: package semaphore (counted permits), package notify (bare
// wake-ups), package barrier (meeting points), package mpsc (channels),
// package future (the Future and Dropper contracts), package waker.
//
// [waker.Waker]: https://pkg.go.dev/github.com/kettle-rt/kettle/waker#Waker
package mutex
