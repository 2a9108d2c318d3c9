package executor

import (
	"log/slog"
	"runtime"
	"sync/atomic"
	"time"
	"weak"

	"github.com/kettle-rt/kettle/internal/ratelog"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/timer"
)

// A Local that becomes unreachable without Close is collected, and a
// cleanup (runtime.AddCleanup) releases what it held: its listed tasks
// are dropped (each future's Drop runs, an async block's defers run and
// its goroutine ends, each handle yields ErrClosed), its timer driver and
// its reactor (an epoll and an eventfd on Linux, a kqueue elsewhere) are
// closed, a trace it owns (the Trace option) is finished, and a
// rate-limited warning goes to the executor's Logger.
//
// What keeps a Local reachable, and what does not. The GC collects the
// Local once no goroutine and no global reaches it strongly. Its tasks
// are reached from outside all the time: a task's waker is the task
// itself (waker.New(t), no allocation), and wakers sit in timer wheels,
// reactor registrations, channel and lock wait queues, goroutines of
// plain Go code, and — the case that matters — on the stacks of
// suspended async blocks, which are goroutines and so GC roots (the
// block's iter.Pull goroutine holds the future it awaits, which holds the
// waker). So the strong graph must end at the task: nothing a task
// reaches may reach the Local. The runtime made two such links: the
// function that pushes a woken task on its executor's inject queue (now
// task.class.schedule) — for a Local it is now a method of localWake
// (local_wake.go), the few fields a wake touches, allocated apart from the
// Local, which embeds it by pointer, and which holds the task classes too —
// and the task's inject-queue node, whose next pointed at the queue's
// stub, a field of the Local, after the task was popped (Local's inject
// queues are now a queue.Stack and a queue.Chain, which have no stub, and
// whose consumer clears the links it walks). The Local owns its tasks strongly (the
// run queues and the registry); the tasks reach localWake, and the Local
// only weakly (localWake.local, used only to reap after Close).
//
// Why collecting it cannot strand a task that could still run: a task of
// a Local is polled only by Run, RunUntilStalled or Close on that Local,
// and each of them needs a strong reference to it (a Run in progress keeps
// it on its goroutine's stack, also while parked). Once the Local is
// unreachable nobody can ever poll its tasks again, so a wake — from a
// goroutine that kept the waker, from a channel fed by a goroutine still
// running, from a peer still writing to a socket — could never lead to a
// poll: dropping the tasks loses nothing that could have happened. While
// the Local is reachable a wake works exactly as before (localWake is the
// same fields, only elsewhere in memory). Once the Local is collected a
// wake is harmless: a task the cleanup dropped is complete, so its wake
// does nothing; one woken before the cleanup claims it lands on an inject
// queue nobody drains (parked and closed stay false: no unpark, no reap)
// and the cleanup still claims and drops it (it is listed).
//
// How the cleanup finds the tasks to drop without keeping the Local
// alive: the registry (every task that returned Pending at least once) is
// a separate object, which localWake (so every task, through its class)
// holds strongly and the cleanup holds weakly. If some root still reaches a
// task (a suspended block's goroutine through a waker), it reaches the
// registry through the task's class, and the cleanup drops every listed
// task; if nothing reaches any task, the registry goes with the Local and
// there is nothing left to release (a suspended block nobody reaches is
// stopped by its own cleanup, see future.Async).
//
// What is still not collected (Close is required):
//   - a Local that one of its own unfinished tasks refers to (a future, a
//     closure or a suspended async block's variables holding the *Local:
//     a task that spawns on its own executor, a JoinSet on it) once a
//     root reaches any of its tasks: a suspended block's goroutine does
//     by itself, a kept waker does, and every task reaches the registry,
//     which reaches every listed task;
//   - a Local reached from a global or from a goroutine that goes on, and
//     one with a SpawnBlocking or offload job in flight, until the job
//     returns (the job's goroutine holds the executor);
//   - a Multi: its workers are goroutines that hold it.
//
// Cost: two weak.Make per Local (the reaper's and the cleanup's), at
// NewLocal; nothing per task, per poll or per wake. A first version
// reached the Local from sched through a weak pointer instead of
// splitting localWake off: that cost a weak-to-strong conversion per wake
// that queues a task, about 3 ns of a 50 ns ping-pong wake and re-poll.
//
// Rejected: a weak pointer per task (waker.New of a per-task cell holding
// weak.Make(t)): it would also free tasks whose futures refer to their
// Local, but weak.Make costs about 230 ns and an allocation, more than a
// whole spawn and join. Rejected too: the cleanup holding the registry
// strongly (no second weak pointer): a listed task whose future refers to
// the Local would then keep it alive even when no goroutine reaches it.

// abandonedLog rate-limits the warning (one line a second, process-wide).
// A pointer that tests replace while cleanups of earlier tests may run.
var abandonedLog atomic.Pointer[ratelog.Limiter]

func init() { abandonedLog.Store(ratelog.New(time.Second)) }

// localRemains is what the cleanup of an unclosed Local releases. It must
// not refer to the Local (the cleanup would never run).
type localRemains struct {
	reg    weak.Pointer[registry]
	timers *timer.Driver
	io     *reactor.Lazy
	logger *slog.Logger // the Logger option; nil: slog.Default() when logging
	tracer *Tracer      // finished by the cleanup if the Local owned it (Trace); else nil
}

// addLocalCleanup arranges for abandonLocal to run if e becomes
// unreachable unclosed; Close stops it.
func addLocalCleanup(e *Local) runtime.Cleanup {
	return runtime.AddCleanup(e, abandonLocal, &localRemains{
		reg:    weak.Make(e.reg),
		timers: e.timers,
		io:     e.io,
		logger: e.cfg.logger,
		tracer: ownedTracer(&e.cfg),
	})
}

// ownedTracer is the Tracer that Close would finish (the Trace option's),
// or nil.
func ownedTracer(c *config) *Tracer {
	if c.ownTracer {
		return c.tracer
	}
	return nil
}

// abandonLocal is the cleanup of an unclosed Local. It hands the work to a
// goroutine of its own: the Drop methods and the defers of async blocks
// it runs are user code, which must not hold up the runtime's cleanup
// goroutine (nor end it, with runtime.Goexit).
func abandonLocal(r *localRemains) { go r.release() }

// release drops the listed tasks, closes the timer driver and the reactor,
// and logs the warning. No loop can run any more, so claiming a task
// cannot race with a poll (a wake from outside may still mark one
// Scheduled; Claim takes it from there). A Drop may wake, finish or spawn
// nothing on this Local (its sched is a no-op now), so one pass over the
// registry leaves it empty; the loop is a guard.
func (r *localRemains) release() {
	dropped, panics := 0, 0
	var first *PanicError // the first Drop that panicked: logged with the warning
	if reg := r.reg.Value(); reg != nil {
		for {
			claimed := 0
			ts := reg.snapshot() // in id order
			for _, t := range ts {
				if !t.state.Claim() {
					continue // complete, or running: neither can happen here
				}
				claimed++
				reg.remove(t)
				if p := t.drop(ErrClosed); p != nil {
					if panics++; first == nil {
						first = p
					}
				}
			}
			if claimed == 0 {
				break
			}
			dropped += claimed
		}
	}
	r.timers.Close()
	opened := r.io.Loaded() != nil
	_ = r.io.Close()
	if r.tracer != nil {
		_ = r.tracer.Close() // what the loop had not flushed is lost
	}
	if dropped == 0 && !opened {
		return // nothing was held: a pooled BlockOn Local, or an idle one
	}
	ok, suppressed := abandonedLog.Load().Allow()
	if !ok {
		return
	}
	l := r.logger
	if l == nil {
		l = slog.Default()
	}
	attrs := []any{slog.Int("tasks_dropped", dropped), slog.Bool("reactor_closed", opened)}
	if first != nil {
		attrs = append(attrs, slog.Int("drop_panics", panics), slog.String("first_drop_panic", first.Error()))
	}
	l.Warn("executor: a Local became unreachable without Close; its tasks were dropped and its descriptors closed (call Close)"+
		ratelog.Suffix(suppressed), attrs...)
}
