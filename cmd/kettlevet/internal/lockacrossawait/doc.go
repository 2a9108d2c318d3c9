// Package lockacrossawait defines the lockacrossawait analyzer: a standard
// library mutex held across an await point.
//
// An async block that suspends in future.Await while it holds a
// sync.Mutex keeps the lock while other tasks run on the same worker. The
// first of them that wants the lock blocks the worker's goroutine — and
// with it the very task that would unlock it: a deadlock on a
// single-threaded executor, a stalled worker on a multi-threaded one
// (clippy's await_holding_lock). The analyzer reports an await point — a
// future.Await call, or a call of another async function with the block's
// co — reached while a sync.Mutex or sync.RWMutex (read or write) that the
// same function locked is not yet unlocked on some path. A deferred Unlock
// holds the lock until the function returns.
//
// Bad:
//
//	future.Async(func(co *future.Co) int {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		v := future.Await(co, fetch()) // others block on s.mu meanwhile
//		s.n += v
//		return s.n
//	})
//
// Good: lock only between awaits, or use Kettle's async mutex, whose Lock
// is a future that suspends the task rather than blocking the worker:
//
//	future.Async(func(co *future.Co) int {
//		v := future.Await(co, fetch())
//		g := future.Await(co, s.mu.Lock()) // s.mu is a *mutex.Mutex[int]
//		defer g.Unlock()
//		*g.Value() += v
//		return *g.Value()
//	})
//
// Async code is a function whose first parameter is a *future.Co (an
// Async body, a //kettle:async function). Locks are matched by the text of
// their receiver expression (s.mu); a lock taken in a function literal
// (a goroutine, a callback) is that literal's business. TryLock is not
// tracked. Generated files are skipped; _test.go files are checked.
package lockacrossawait
