package executor

import "github.com/kettle-rt/kettle/future"

// localHooks are a Local's optional per-poll observers. Local.hooks points
// here while either is on, and is nil otherwise, so that the poll path pays
// one nil check when both are off.
type localHooks struct {
	// wd is the blocking detector, set for the length of a Run when
	// BlockingThreshold is positive (see runMain); it samples Local.watch.
	wd *watchdog
	// tr buffers the trace events of the loop (thread "loop"); set by
	// NewLocal with the Trace option.
	tr *tracePoller
}

// pollObserved polls t with the hooks on: the blocking detector's window
// (two atomic adds and a store, no clock read) and the trace event (two
// clock reads and an append to a buffer).
func (e *Local) pollObserved(t *task, cx *future.Context) bool {
	h := e.hooks
	var start int64
	if h.tr != nil {
		start = h.tr.now()
	}
	if h.wd != nil {
		e.watch.begin(t)
	}
	done := t.node.Value.poll(cx) // catches panics: end always runs
	if h.wd != nil {
		e.watch.end()
	}
	if h.tr != nil {
		h.tr.poll(t, start, done, cx.WaitingOn())
	}
	return done
}

// stopWatchdog ends the blocking detector of a Run. Caller owns the loop.
func (e *Local) stopWatchdog(wd *watchdog) {
	wd.stop()
	e.hookStore.wd = nil
	if e.hookStore.tr == nil {
		e.hooks = nil
	}
}

// flushTrace hands the loop's buffered trace events to the Tracer. Caller
// owns the loop.
func (e *Local) flushTrace() {
	if tr := e.hookStore.tr; tr != nil {
		tr.flush()
	}
}

// closeTrace flushes, and finishes the trace if the executor owns its
// Tracer (the Trace option). Caller owns the loop; called by Close.
func (e *Local) closeTrace() error {
	tr := e.hookStore.tr
	if tr == nil {
		return nil
	}
	tr.flush()
	if e.cfg.ownTracer {
		return tr.t.Close()
	}
	return nil
}
