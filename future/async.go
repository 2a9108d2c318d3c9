package future

import (
	"iter"
	"runtime"

	lifecycle "github.com/kettle-rt/kettle/internal/phase"
)

// Async returns a future that runs body as a coroutine: an async block.
// Inside body, [Await] waits for another future; the block's Poll returns
// Pending while body is suspended in an Await, and is ready with body's
// result when body returns. Hand-written futures are the allocation-free
// path; async blocks are the ergonomic one.
//
// Lazy: nothing runs and no coroutine exists until the first poll, which
// creates it (iter.Pull) and runs body up to its first suspension. A poll
// of a block suspended in Await first polls the awaited future itself, on
// the polling goroutine, and resumes body (one coroutine switch, no
// scheduler hop) only once that future is ready, so a block woken
// spuriously or by a budget yield costs one poll of its future, not two
// switches. Successive polls may come from different goroutines, as on a
// multi-threaded executor, but never concurrently.
//
// Cancellation: Drop of a suspended block drops the future it awaits, then
// unwinds body so that its defers run exactly once, and ends the
// coroutine: no goroutine is left behind. Drop of a block never polled, or
// finished, is a no-op. A block that is neither finished nor dropped when
// it becomes unreachable is stopped the same way by a runtime cleanup, on a
// cleanup goroutine: its defers run there, so they must not block. The
// cleanup cannot run if body itself refers to the block's future.
//
// Panics: a panic in body propagates out of the Poll that resumed it (the
// executor turns it into the task's PanicError); the block is then
// finished. Async panics with "future.Async: nil body" if body is nil.
//
// Cost: creating, starting and dropping a block costs about 1 µs and 11
// allocations, 320 bytes (the wrapper, the coroutine and its goroutine, the
// cleanup; measured on a loaded 2-core machine), so a block per request is
// fine, a block per byte is not. A suspension and resumption costs one
// coroutine switch each way and no allocation, see [Await]; a poll while
// the awaited future is still pending costs no switch.
//
// Never resume blocks from a goroutine that called runtime.LockOSThread:
// the runtime throws when a coroutine is switched from a goroutine whose
// thread-locking differs from its creator's.
func Async[T any](body func(co *Co) T) Future[T] {
	if body == nil {
		panic("future.Async: nil body")
	}
	return &block[T]{core: &blockCore[T]{body: body}}
}

// block is the future behind [Async]: the wrapper that the task holds. The
// coroutine refers to core, never to block, so that block can become
// unreachable while the coroutine is suspended and its cleanup can stop it.
type block[T any] struct {
	core *blockCore[T]
	// next resumes the coroutine (the iter.Pull next); nil until the first
	// poll.
	next func() (Unit, bool)
}

// blockCore is the part of a block that its coroutine shares. Nothing in it
// may refer to the wrapper.
type blockCore[T any] struct {
	co      Co
	body    func(*Co) T // nil once started
	result  T
	cleanup runtime.Cleanup
	// switches counts the block's coroutine resumptions (tests read it).
	switches uint32
}

// Poll resumes the body until it suspends in Await (Pending) or returns
// (Ready).
func (b *block[T]) Poll(cx *Context) Poll[T] {
	c := b.core
	if c.co.state != coIdle {
		b.badPoll()
	}
	if a := c.co.awaiting; a != nil {
		// Suspended in Await: poll its future here, and switch into the
		// coroutine only when Await can go on. coAwaiting makes a
		// re-entrant poll of the block panic meanwhile.
		c.co.state = coAwaiting
		resume := a.pollAwaited(cx)
		c.co.state = coIdle
		if !resume {
			return Pending[T]()
		}
	} else if b.next == nil {
		b.start()
	}
	c.co.cx = cx
	c.co.state = coRunning
	c.switches++
	_, suspended := b.next() // re-panics a panic of body
	if suspended {
		c.co.cx = nil
		c.co.state = coIdle
		// Keep b reachable until the coroutine is parked again: if the
		// caller holds b only through this call, its cleanup must not
		// run (and read c.co.state) while the body is still running.
		runtime.KeepAlive(b)
		return Pending[T]()
	}
	// finish has marked the block done, cleared cx and cancelled the cleanup.
	v := c.result
	var zero T
	c.result = zero
	b.next = nil
	return Ready(v)
}

// start creates the coroutine and the cleanup that stops it if b becomes
// unreachable while suspended. The cleanup's argument is the Co inside
// core, which does not refer to b.
func (b *block[T]) start() {
	c := b.core
	b.next, c.co.stop = iter.Pull(c.run)
	c.cleanup = runtime.AddCleanup(b, abandon, &c.co)
}

// badPoll panics for a poll of a block that is finished, dropped, or
// already running.
//
//go:noinline
func (b *block[T]) badPoll() {
	switch b.core.co.state {
	case coDone:
		lifecycle.Panic(b, done)
	case coDropped:
		lifecycle.Panic(b, dropped)
	}
	panic("future.Async: block polled while it is running (re-entrant or concurrent poll)")
}

// Drop stops a suspended block: the awaited future is dropped, the body's
// defers run, the coroutine ends. A panic raised by a defer during that
// unwinding propagates out of Drop. A no-op for a block never polled,
// finished or already dropped. Drop from inside the block's own body
// panics.
func (b *block[T]) Drop() {
	c := b.core
	switch c.co.state {
	case coDone, coDropped:
		return
	case coIdle:
	default:
		panic("future.Async: block dropped while it is running")
	}
	c.co.state = coDropped
	if b.next == nil { // never polled: no coroutine yet
		c.body = nil
		return
	}
	b.next = nil
	c.co.stop()          // resumes the Await with yield == false; finish cancels the cleanup
	runtime.KeepAlive(b) // no cleanup while the body unwinds; see Poll
}

// run is the coroutine's sequence function.
func (c *blockCore[T]) run(yield func(Unit) bool) {
	c.co.yield = yield
	defer c.finish()
	body := c.body
	c.body = nil
	c.result = body(&c.co)
}

// finish ends the block from inside its coroutine, whether body returned,
// panicked or was unwound by a drop: it releases the Context and the yield,
// cancels the cleanup, and swallows the private unwinding panic (only that
// one, and only when the block was dropped).
func (c *blockCore[T]) finish() {
	c.co.cx = nil
	c.co.yield = nil
	c.co.stop = nil // the coroutine is ending; nothing may stop it again
	c.cleanup.Stop()
	if c.co.state != coDropped {
		c.co.state = coDone
		return
	}
	if r := recover(); r != nil && r != any(errStopped) {
		panic(r)
	}
}
