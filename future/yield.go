package future

// YieldNow returns a future that gives the executor a chance to run other
// tasks: its first poll wakes cx.Waker() and returns Pending, its second
// poll returns Ready (tokio's yield_now). Awaited in a long loop it keeps a
// busy task from hogging its worker.
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
		cx.Waker().Wake()
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
