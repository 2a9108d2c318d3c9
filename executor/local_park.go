package executor

import (
	"time"

	"github.com/kettle-rt/kettle/internal/timerctl"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/timer"
)

// park is the loop's one idle path: no task is ready and the inject queue
// is empty. It fires due timers, then blocks until a wake, the next timer
// deadline or an I/O event, or returns a *DeadlockError when nothing can
// ever wake a task.
//
// Where it blocks: in the reactor's epoll/kqueue wait once a task has done
// I/O (the reactor is opened lazily by the first I/O future), else on the
// unpark channel; either way bounded by the next timer deadline. Under a
// virtual clock it never waits for time: it jumps the clock to the next
// deadline (tokio's paused time), unless a SpawnBlocking job or an I/O
// waiter can still make progress on its own.
func (e *Local) park() error {
	if e.tops.Fire() > 0 {
		return nil // woken tasks are on the inject queue
	}
	e.parked.Store(true)
	defer e.parked.Store(false)
	if !e.inject.Empty() {
		return nil // a wake raced with us; see Local.parked
	}
	select {
	case <-e.unpark:
		return nil // a token left by a wake (fresh or stale): look again
	default:
	}
	deadline, timed := e.timers.NextDeadline()
	r := e.io.Loaded()
	ioWaiting := r != nil && r.Registrations() > 0
	blocking := e.blocking.Load() > 0

	if e.vclock != nil && timed && !blocking && !ioWaiting {
		// Every task is idle and only time can move things: move it.
		e.vclock.AdvanceTo(deadline)
		e.tops.Fire()
		return nil
	}
	wait := time.Duration(-1) // forever
	if timed && e.vclock == nil {
		wait = max(time.Until(deadline), 0)
	}
	detect := e.cfg.grace >= 0 && !timed && !blocking && !ioWaiting
	if detect {
		// Nothing inside the runtime can wake any task. Under a virtual
		// clock nothing outside it can either (the report is sound); with
		// the real clock a waker held by a plain goroutine still could, so
		// wait out the grace period first.
		if e.vclock != nil || e.cfg.grace == 0 {
			return e.deadlock(0)
		}
		wait = e.cfg.grace
	}
	woken := e.blockCounted(r, wait)
	if detect && !woken && e.inject.Empty() && e.blocking.Load() == 0 &&
		(r == nil || r.Registrations() == 0) && e.timers.Armed() == 0 {
		return e.deadlock(e.cfg.grace)
	}
	e.tops.Fire()
	return nil
}

// block waits up to d (d < 0: forever) for a wake: in the reactor r if
// open, else on the unpark channel. It reports whether something woke it
// before the time was up (an I/O event, a wake token).
func (e *Local) block(r *reactor.Reactor, d time.Duration) bool {
	if r != nil {
		// Wait returns 0 events both on timeout and when a signal (Go's
		// preemption uses them) interrupts it: only the clock tells the
		// two apart, so wait again for what is left. Taking an EINTR for
		// a timeout would cut the deadlock grace short.
		var until time.Time
		if d >= 0 {
			until = time.Now().Add(d)
		}
		for {
			n, err := r.Wait(d)
			if err != nil || n > 0 {
				return true
			}
			if d < 0 {
				continue
			}
			if d = time.Until(until); d <= 0 {
				return false
			}
		}
	}
	if d < 0 {
		<-e.unpark
		return true
	}
	if e.grace == nil {
		e.grace = time.NewTimer(d)
	} else {
		e.grace.Reset(d)
	}
	select {
	case <-e.unpark:
		e.grace.Stop()
		return true
	case <-e.grace.C:
		return false
	}
}

// blockCounted is block, counted in the metrics: a park, an unpark if
// something woke the loop, and the time asleep taken off its busy time.
func (e *Local) blockCounted(r *reactor.Reactor, d time.Duration) bool {
	e.p.stats.parks++
	e.p.flushTrace() // the loop may sleep for long: let the trace show what it did
	e.stopAwake()
	e.publish() // exact figures while parked
	woken := e.block(r, d)
	e.startAwake()
	if woken {
		e.p.stats.unparks++
	}
	return woken
}

// notify hands a parked loop a wake-up: the reactor's coalesced wake when
// the loop waits in the reactor, else a token on the unpark channel. Never
// blocks. (The reactor is stored before the loop first parks in it, and a
// producer only gets here after seeing parked, which the loop stores after
// that; see Local.parked.)
func (e *Local) notify() {
	if r := e.io.Loaded(); r != nil {
		_ = r.Wake()
		return
	}
	select {
	case e.unpark <- struct{}{}:
	default: // a token is already waiting
	}
}

// newTimers builds the executor's timer driver on the configured clock,
// with its executor-only operations (package internal/timerctl).
func newTimers(c timer.Clock) (*timer.Driver, timerctl.Ops, *timer.VirtualClock) {
	if c == nil {
		c = timer.RealClock()
	}
	vc, _ := c.(*timer.VirtualClock)
	d := timer.NewDriver(c)
	return d, timerctl.Of(d), vc
}
