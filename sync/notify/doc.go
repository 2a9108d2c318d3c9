// Package notify holds Kettle's bare wake-up: the bell a chef rings to tell
// the others "something changed, look again".
//
// A [Notify] carries no data. A task (a chef at work) awaits the recipe
// card [Notify.Notified] (a [future.Future]); the executor (the manager)
// polls it, and while no notification has come it waits in a FIFO line
// holding the task's pager ([waker.Waker]). [Notify.NotifyOne] wakes the
// oldest waiter, or, if nobody waits, stores one permit that the next
// Notified consumes at once (so a notification sent just before a task
// starts waiting is not lost); [Notify.NotifyWaiters] wakes every waiter at
// once and stores nothing. These are tokio's Notify semantics.
//
// # Which waiters NotifyWaiters reaches
//
// A Notified future counts as a waiter for NotifyWaiters from the moment it
// is created, not from its first poll (tokio does the same): the pattern
//
//	n := notify.Notified() // 1. create
//	if condition() { ... } // 2. check the condition
//	await n                // 3. wait
//
// never misses a NotifyWaiters that happens between 1 and 3. For NotifyOne
// a future joins the line at its first poll; a NotifyOne before that either
// wakes an older waiter or leaves the stored permit for it.
//
// # Cancellation
//
// Cancelling is an explicit Drop ([future.Dropper]). A dropped Notified
// leaves the line at once; one that NotifyOne had chosen but that had not yet
// observed it passes the notification on (to the next waiter, or back as the
// stored permit), so dropping never swallows a NotifyOne. Notified is
// cancel-safe.
//
// Neighbours: package mutex and package semaphore (locks and permits built
// on the same FIFO line), package barrier, package watch (a value plus a
// notification), package future, package waker.
//
// [waker.Waker]: https://pkg.go.dev/github.com/kettle-rt/kettle/waker#Waker
package notify
