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
	if e.unknownGid() && e.p.watch.wantGid.Load() {
		e.learnLoopGoroutine()
	}
	e.p.idle() // a parked loop is not in a poll (poller.idle)
	if e.tops.Fire() > 0 {
		return nil // woken tasks are on the inject queue
	}
	e.parked.Store(true)
	defer e.parked.Store(false)
	// The count of SpawnBlocking jobs is read before the inject queues: a
	// job pushes the task awaiting it before its count drops
	// (blockingDone), so if the count read here is 0, such a wake is on
	// the inject queues already and the check below sees it. Read after
	// them, a job ending in between would leave the loop believing both
	// "nothing queued" and "no job running", and report a deadlock.
	blocking := e.blocking.Load() > 0
	if !e.injectEmpty() {
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
	// quiet: nothing inside the runtime can wake any task.
	quiet := !timed && !blocking && !ioWaiting
	mode := e.cfg.deadlockMode(e.vclock != nil)
	stallWatch, proofWatch := false, false
	if quiet {
		switch mode {
		case detectNow:
			// Under a virtual clock nothing outside the runtime can wake
			// a task either: the report is sound.
			return e.deadlock(0)
		case detectProvable:
			// The proof walks every task: run it only once the loop has
			// stayed quiet for proofDelay, and once per quiet spell, so
			// that tasks woken now and then from outside (a channel fed
			// by a goroutine) do not pay a walk per wake.
			switch {
			case e.proofPolls != e.p.stats.polls+1:
				wait, proofWatch = proofDelay, true
			case e.cfg.stall > 0 && e.stallPolls != e.p.stats.polls+1:
				wait, stallWatch = max(e.cfg.stall-proofDelay, 0), true
			}
		case detectGrace:
			// A waker held by a plain goroutine still could: wait out the
			// grace period first.
			wait = e.cfg.grace
		}
	}
	woken := e.blockCounted(r, wait)
	// The count before the queues again (see above).
	stillQuiet := !woken && e.blocking.Load() == 0 && e.injectEmpty() &&
		(r == nil || r.Registrations() == 0) && e.timers.Armed() == 0
	switch {
	case quiet && mode == detectGrace && stillQuiet:
		return e.deadlock(e.cfg.grace)
	case proofWatch && stillQuiet && e.provable():
		return e.deadlock(0)
	case stallWatch && stillQuiet:
		// Logged once per quiet spell: until a poll happens again.
		e.stallPolls = e.p.stats.polls + 1
		e.cfg.logStall(e.cfg.stall, e.deadlock(0).Tasks)
	}
	e.tops.Fire()
	return nil
}

// proofDelay is how long a loop must stay quiet before it looks for a
// provable deadlock (deadlock_proof.go).
const proofDelay = 10 * time.Millisecond

// provable reports whether the main task can provably never be woken
// (deadlock_proof.go). The proof is recomputed only when a poll happened
// since the last one.
func (e *Local) provable() bool {
	if e.proofPolls == e.p.stats.polls+1 {
		return false // nothing changed since the last (negative) proof
	}
	e.proofPolls = e.p.stats.polls + 1
	return provablyStuck(e.reg.snapshot(), e.main)
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
