package executor

import (
	"log/slog"
	"time"

	"github.com/kettle-rt/kettle/internal/ratelog"
	"github.com/kettle-rt/kettle/reactor"
)

// A Local that becomes unreachable without Close: its reactor (an epoll
// and an eventfd on Linux, a kqueue elsewhere) is closed by a cleanup
// (runtime.AddCleanup) and a warning is logged, so a forgotten executor
// does not hold descriptors for ever.
//
// What the cleanup cannot do: drop the Local's tasks (their Drop methods
// and the defers of their async blocks do not run), and it cannot run at
// all while something outside the Local still reaches it. A task that
// waits keeps the Local reachable through its waker: a suspended async
// block's goroutine holds the future it awaits, which holds the timer
// driver or reactor registration that holds the task's waker, which
// schedules on the Local. So an executor with pending tasks, above all
// async blocks, must be closed: Close is the only complete release.
//
// Rejected: weak task wakers (a weak.Pointer per task), which would let a
// Local with waiting tasks be collected. They cost an allocation and an
// indirection per spawn and wake, on every program, to rescue programs
// that forgot a Close; the warning points at the Close instead.

// abandonedLog rate-limits the warning (one line a second).
var abandonedLog = ratelog.New(time.Second)

// abandonLocal is the cleanup of an unclosed Local: io is its reactor.
// It must not refer to the Local (the cleanup would never run).
func abandonLocal(io *reactor.Lazy) {
	opened := io.Loaded() != nil
	_ = io.Close()
	if ok, suppressed := abandonedLog.Allow(); ok {
		slog.Warn("executor: a Local became unreachable without Close; call Close to drop its tasks",
			"reactorClosed", opened, "suppressed", suppressed)
	}
}
