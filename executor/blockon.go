package executor

import "sync"

// blockOnPool keeps the Locals of finished BlockOn calls for the next
// ones: a fresh Local costs about 30 allocations (its queues, timer driver
// and services), which made BlockOn of a ready future cost ~10 µs; a
// reused one costs a Run (~0.3 µs). Only a Local left exactly as new in
// what matters is kept (see reusableForBlockOn): no task alive or queued,
// no blocking job, no timer armed, no reactor opened (so a Local the GC
// takes out of the pool holds no descriptor and no goroutine), no tracer.
var blockOnPool sync.Pool // of *Local

// blockOnLocal returns a Local for BlockOn: a pooled one or a new one.
func blockOnLocal() *Local {
	if e, ok := blockOnPool.Get().(*Local); ok {
		return e
	}
	return NewLocal()
}

// releaseBlockOnLocal pools e if it is reusable, else closes it (dropping
// whatever f left behind, as BlockOn always did). Called on the goroutine
// that ran e, after Run returned.
func releaseBlockOnLocal(e *Local) {
	if e.reusableForBlockOn() {
		blockOnPool.Put(e)
		return
	}
	_ = e.Close() // its only errors are panics of Drop methods, already past
}

// reusableForBlockOn reports whether e, after its Run returned, is as good
// as new for another BlockOn. Loop-owned state is read by the goroutine
// that just ran the loop.
func (e *Local) reusableForBlockOn() bool {
	if e.closed.Load() || e.ready.Len() != 0 || !e.injectEmpty() || e.blocking.Load() != 0 ||
		e.io.Loaded() != nil || e.timers.Armed() != 0 || e.cfg.tracer != nil {
		return false
	}
	return e.reg.empty()
}
