// Package safecall is how Kettle's runtime calls code that belongs to
// its users — a waker fired by the timer driver, the reactor or a sync
// primitive's wake list; a task's Drop; a trace writer; a reporter
// callback — so that a panic in that code is caught where the runtime
// called it, reported with what the runtime was doing, and the runtime
// goes on: nothing called on behalf of user code can crash the process or
// leave a wake list half delivered.
//
// A [Reporter] receives what is caught and writes one structured line per
// fault to its *slog.Logger (slog.Default() until [Reporter.SetLogger]),
// at most one a second: the next line says how many were suppressed
// (package internal/ratelog). The timer driver and the reactor each hold
// one, whose logger their SetLogger methods set (an executor with a
// logger of its own passes it there); code with no executor at hand (the
// sync primitives' wakes, the executor's reports of user callbacks until
// it has a logger option) uses [Default].
//
// runtime.Goexit cannot be stopped: a waker that calls it ends the
// goroutine that woke it, after its deferred calls. [WakeAll] reports it
// and wakes the rest of its list from those deferred calls, so that no
// waiter is lost; the caller's own defers decide what becomes of the
// goroutine (an executor worker is replaced, for instance).
//
// Cost: a deferred call per [Call], [Wake] or [WakeAll] (not per waker);
// nothing is allocated unless a panic is caught.
package safecall
