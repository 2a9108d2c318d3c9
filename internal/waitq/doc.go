// Package waitq is the intrusive FIFO queue of waiting futures that Kettle's
// sync primitives (mutex, semaphore, notify, barrier, channels) keep under
// their own lock: the line of chefs waiting for the one pan.
//
// A [Waiter] is embedded in the leaf future that waits, so queueing and
// leaving the queue allocate nothing and a dropped future can unlink itself
// in O(1) — the heart of the cancellation contract ("a dropped waiter never
// wedges others").
//
// Nothing here is thread-safe: the owning primitive holds its mutex around
// every call, and wakes the collected wakers after releasing it.
//
// A [WakeList] wakes through package internal/safecall: a waker that
// panics is reported (slog.Default, at most a line a second) and the
// other waiters are still woken.
package waitq
