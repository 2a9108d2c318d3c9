package future

// YieldNow returns a future that gives the executor a chance to run other
// tasks: its first poll returns Pending after handing cx.Waker() to
// [Context.Defer], its second poll returns Ready (tokio's yield_now). An
// executor that defers (executor.Local and Multi, while a task waits on
// their reactor) wakes the task again only after it has polled its I/O
// driver and timers, as tokio does, so a task yielding in a loop lets
// siblings whose sockets became ready run first; elsewhere the waker is
// woken at once. Awaited in a long loop it keeps a busy task from hogging
// its worker.
//
// Cost: one small allocation at construction, none per poll. Cancel-safe.
func YieldNow() Future[Unit] {
	return &yieldNow{}
}

// yieldNow is the future behind [YieldNow].
type yieldNow struct {
	yielded bool
	phase   phase
}

// Poll wakes the task and returns Pending the first time, Ready the second.
func (f *yieldNow) Poll(cx *Context) Poll[Unit] {
	f.phase.Check(f)
	if !f.yielded {
		f.yielded = true
		cx.Defer(cx.Waker())
		return Pending[Unit]()
	}
	f.phase = done
	return Ready(Unit{})
}

// Drop marks the future dropped; a no-op after Ready or a first Drop.
func (f *yieldNow) Drop() {
	if f.phase == live {
		f.phase = dropped
	}
}
