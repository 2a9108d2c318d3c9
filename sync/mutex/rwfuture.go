package mutex

import (
	"strconv"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// rwCore is the state machine shared by [ReadFuture] and [WriteFuture].
type rwCore[T any] struct {
	rw    *RWMutex[T]
	w     waitq.Waiter[rwWaiter] // place in rw's line; guarded by rw.mu
	write bool                   // immutable
	phase phase.Phase            // owned by the poller
	tok   *taskcx.Token          // the polling task, set at the first poll; owned by the poller
}

// poll reports whether the lock is now held by the future; on false the
// future has arranged a wake-up (or yielded for budget).
func (c *rwCore[T]) poll(cx *future.Context) bool {
	rw := c.rw
	rw.mu.Lock()
	if c.phase == phase.Waiting {
		if !c.w.Value.granted {
			c.w.SetWaker(cx.Waker())
			rw.mu.Unlock()
			return false
		}
		// Granted: the hold is already counted for us.
		if yieldIfSpent(cx) {
			rw.mu.Unlock()
			cx.ConsumeBudget()
			return false
		}
		cx.ConsumeBudget()
		rw.mu.Unlock()
		c.phase = phase.Done
		return true
	}
	c.tok = taskcx.Of(cx).Task
	if rw.canTake(c.write) {
		if yieldIfSpent(cx) {
			rw.mu.Unlock()
			cx.ConsumeBudget()
			return false
		}
		cx.ConsumeBudget()
		rw.take(c.write, cx.TaskName(), c.tok)
		rw.mu.Unlock()
		c.phase = phase.Done
		return true
	}
	c.w.Value = rwWaiter{write: c.write, task: cx.TaskName(), tok: c.tok}
	c.w.SetWaker(cx.Waker())
	rw.waiters.PushBack(&c.w)
	c.phase = phase.Waiting
	rw.mu.Unlock()
	return false
}

// drop leaves the line or gives back a granted hold, then lets the next
// waiters in (a writer leaving the front may unblock the readers behind it).
func (c *rwCore[T]) drop() {
	if !c.phase.Drop() {
		return
	}
	rw := c.rw
	var wl waitq.WakeList
	rw.mu.Lock()
	if rw.waiters.Remove(&c.w) {
		c.w.TakeWaker()
	} else {
		rw.releaseLocked(c.write, c.tok)
	}
	rw.grantLocked(&wl)
	rw.mu.Unlock()
	wl.WakeAll()
}

// waitsFor implements taskcx.WaitsFor for both futures: the holders of
// the lock and the waiters ahead in line (see RWMutex.waitsForLocked).
func (c *rwCore[T]) waitsFor(dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	c.rw.mu.Lock()
	defer c.rw.mu.Unlock()
	return c.rw.waitsForLocked(&c.w, dst)
}

// describe says what the future waits on: op, the lock's name, its holder.
func (c *rwCore[T]) describe(op string) string {
	s := op
	if c.rw.name != "" {
		s += " of " + strconv.Quote(c.rw.name)
	}
	if h := c.rw.holderString(); h != "" {
		s += " held by " + h
	}
	return s
}

// ReadFuture is the future returned by [RWMutex.Read]: a
// future.Future[*ReadGuard[T]] that is also a [future.Dropper]. Cancel-safe.
// Polling it after Ready or after Drop panics naming the type.
type ReadFuture[T any] struct {
	c     rwCore[T]
	guard ReadGuard[T] // returned by the Ready poll
}

// Poll takes a read hold or waits in line for one. Taking it spends one unit
// of the task's budget (a spent budget yields without taking it).
func (f *ReadFuture[T]) Poll(cx *future.Context) future.Poll[*ReadGuard[T]] {
	f.c.phase.Check(f)
	if !f.c.poll(cx) {
		cx.SetWaitingOn(f)
		return future.Pending[*ReadGuard[T]]()
	}
	f.guard.rw, f.guard.tok = f.c.rw, f.c.tok
	return future.Ready(&f.guard)
}

// WaitsFor reports the tasks holding the lock and those waiting ahead in
// line (taskcx.WaitsFor), for deadlock proofs with the real clock.
func (f *ReadFuture[T]) WaitsFor(dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	return f.c.waitsFor(dst)
}

// Drop cancels the request: a queued future leaves the line at once, a
// granted one releases its read hold. A no-op if never polled, finished or
// already dropped.
func (f *ReadFuture[T]) Drop() { f.c.drop() }

// String names what the future waits on, for deadlock reports:
// `mutex.Read of "pantry" held by task "restock"`.
func (f *ReadFuture[T]) String() string { return f.c.describe("mutex.Read") }

// WriteFuture is the future returned by [RWMutex.Write]: a
// future.Future[*WriteGuard[T]] that is also a [future.Dropper].
// Cancel-safe. Polling it after Ready or after Drop panics naming the type.
type WriteFuture[T any] struct {
	c     rwCore[T]
	guard WriteGuard[T] // returned by the Ready poll
}

// Poll takes the write lock or waits in line for it. Taking it spends one
// unit of the task's budget (a spent budget yields without taking it).
func (f *WriteFuture[T]) Poll(cx *future.Context) future.Poll[*WriteGuard[T]] {
	f.c.phase.Check(f)
	if !f.c.poll(cx) {
		cx.SetWaitingOn(f)
		return future.Pending[*WriteGuard[T]]()
	}
	f.guard.rw = f.c.rw
	return future.Ready(&f.guard)
}

// WaitsFor reports the tasks holding the lock and those waiting ahead in
// line (taskcx.WaitsFor), for deadlock proofs with the real clock.
func (f *WriteFuture[T]) WaitsFor(dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	return f.c.waitsFor(dst)
}

// Drop cancels the request: a queued future leaves the line at once (letting
// readers behind it in if nothing else blocks them), a granted one passes
// the lock on. A no-op if never polled, finished or already dropped.
func (f *WriteFuture[T]) Drop() { f.c.drop() }

// String names what the future waits on, for deadlock reports:
// `mutex.Write of "pantry" held by 3 readers`.
func (f *WriteFuture[T]) String() string { return f.c.describe("mutex.Write") }
