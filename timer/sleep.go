package timer

import (
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/internal/wheel"
	"github.com/kettle-rt/kettle/waker"
)

// Phases of a SleepFuture, owned by the future's owner (the task polling
// it); only Poll, Reset, ResetAt and Drop change them.
//
//	phaseNew     made by Sleep: deadline = first poll's time + dur.
//	phaseNewAt   made by SleepUntil (or Reset before the first poll): deadline set.
//	phaseArmed   driver chosen, deadline set; flags tell whether it fired.
//	phaseDone    Poll returned Ready; only Reset, ResetAt or Drop may follow.
//	phaseDropped Drop ran; nothing may follow.
const (
	phaseNew uint8 = iota
	phaseNewAt
	phaseArmed
	phaseDone
	phaseDropped
)

// Flags of an armed SleepFuture, guarded by its driver's mu (the owner
// alone may touch them while the entry is out of the wheel, since no driver
// code reaches it then).
//
//	0            in the wheel, waiting (or just disarmed).
//	flagFired    due: the driver fired it, or it was due when armed.
//	flagEvicted  taken out by Driver.Close or ShutdownFallback without
//	             firing; the next poll re-arms it (never on a closed driver).
//
// Transitions: 0→flagFired by the driver's fire (which also takes the waker) or
// by arm finding the deadline due; 0→flagEvicted by Close or
// ShutdownFallback; flagEvicted→0 by a poll re-arming it; any→0 by Drop,
// Reset and ResetAt (disarm), which may then arm it again. A poll that
// reads flagFired under mu completes the sleep.
const (
	flagFired uint8 = 1 + iota
	flagEvicted
)

// SleepFuture is the future of [Sleep] and [SleepUntil]: a
// future.Future[future.Unit] that becomes ready once its deadline has
// passed on the clock of the driver that polls it.
//
// It is cancel-safe: dropping it loses nothing but the wait. Drop removes
// it from the driver's wheel at once (O(1)). It may be reused after
// completion with [SleepFuture.Reset] or [SleepFuture.ResetAt], which
// allocates nothing. Poll, Reset, ResetAt and Drop are for the owner (one
// goroutine at a time); the driver fires it from any goroutine.
//
// Cost: one allocation of 112 bytes at creation (a sleeping task's state
// is this plus the task's own); a poll takes the driver's mutex once and
// allocates nothing.
type SleepFuture struct {
	entry    wheel.Entry[*SleepFuture] // guarded by drv.mu while linked
	drv      *Driver                   // set at the first poll
	waker    waker.Waker               // guarded by drv.mu: the waker to page when fired
	deadline time.Time                 // owner's
	dur      time.Duration             // owner's; phaseNew only
	flags    uint8                     // see flagFired
	phase    uint8                     // see phaseNew
}

// Sleep returns a future that is ready d after its first poll (deadline =
// the polling driver's Now() + d, rounded up to the next millisecond; the
// future never completes early). A d <= 0 completes at the first poll,
// which still spends a unit of cooperative budget. Nothing happens until
// the first poll.
func Sleep(d time.Duration) *SleepFuture {
	s := &SleepFuture{dur: d, phase: phaseNew}
	s.entry.Value = s
	return s
}

// SleepUntil returns a future that is ready once the polling driver's
// clock reads t or later (a t in the past completes at the first poll).
func SleepUntil(t time.Time) *SleepFuture {
	s := &SleepFuture{deadline: t, phase: phaseNewAt}
	s.entry.Value = s
	return s
}

// Poll implements future.Future. The first poll picks the driver from cx
// (the executor's, or the process-wide fallback), fixes the deadline of a
// [Sleep], and arms the timer; later polls re-register cx's waker if it
// changed. A pending Poll records the timer with cx.SetWaitingOn. A due
// timer's poll first spends a unit of budget; if none is left it returns
// Pending (the task has been woken) and completes at the next poll.
// Polling after Ready or Drop panics.
func (s *SleepFuture) Poll(cx *future.Context) future.Poll[future.Unit] {
	if s.poll(cx, true) {
		return future.Ready(future.Unit{})
	}
	return future.Pending[future.Unit]()
}

// poll reports whether s completed; budget says whether a due timer spends
// cooperative budget (a Timeout's deadline does not, so that a busy inner
// future cannot starve it).
func (s *SleepFuture) poll(cx *future.Context, budget bool) bool {
	var due bool
	switch s.phase {
	case phaseArmed:
		due = s.check(cx.Waker())
	case phaseNew, phaseNewAt:
		due = s.start(cx)
	default:
		phase.Polled(s, s.phase == phaseDropped)
	}
	if !due {
		cx.SetWaitingOn(s)
		return false
	}
	if budget && !cx.ConsumeBudget() {
		return false // still due (flagFired): the next poll completes
	}
	s.phase = phaseDone
	return true
}

// start is the first poll: choose the driver, fix the deadline, arm.
func (s *SleepFuture) start(cx *future.Context) (due bool) {
	d := driverFor(cx)
	s.drv = d
	now := d.clock.Now()
	if s.phase == phaseNew {
		s.deadline = now.Add(s.dur)
	}
	s.phase = phaseArmed
	if !now.Before(s.deadline) {
		// Not in the wheel, so no driver code can reach s: no lock needed.
		s.flags = flagFired
		return true
	}
	d.mu.Lock()
	due = d.arm(s, cx.Waker())
	d.mu.Unlock()
	return due
}

// check is a later poll of an armed timer.
func (s *SleepFuture) check(w waker.Waker) (due bool) {
	d := s.drv
	d.mu.Lock()
	switch s.flags {
	case flagFired:
		due = true
	case flagEvicted:
		due = d.arm(s, w)
	default:
		if !s.waker.WillWake(w) {
			s.waker = w
		}
	}
	d.mu.Unlock()
	return due
}

// Drop cancels the sleep: it leaves the driver's wheel at once and its
// waker is forgotten. Dropping twice, or a finished or never-polled sleep,
// is a no-op. A dropped sleep must not be polled or reset.
func (s *SleepFuture) Drop() {
	switch s.phase {
	case phaseDropped:
		return
	case phaseArmed:
		d := s.drv
		d.mu.Lock()
		d.disarm(s)
		d.mu.Unlock()
	}
	s.phase = phaseDropped
}

// Reset makes the sleep complete d after now on its driver's clock, whether
// it is pending or already complete (then it becomes pending again: poll it
// anew). A sleep never polled just becomes Sleep(d), timed from its first
// poll. If d <= 0 the waiting task is woken. It panics on a dropped sleep.
// Cost: a clock read and one lock; no allocation.
func (s *SleepFuture) Reset(d time.Duration) {
	switch s.phase {
	case phaseDropped:
		panic("timer.SleepFuture.Reset: sleep was dropped")
	case phaseNew, phaseNewAt:
		s.phase, s.dur = phaseNew, d
		return
	}
	s.rearm(s.drv.clock.Now().Add(d), d <= 0)
}

// ResetAt makes the sleep complete at t, like [SleepFuture.Reset]. It reads
// no clock: if t is not after the driver's last fire (under a
// [VirtualClock], its current time), the sleep is due at once and the
// waiting task is woken; otherwise it fires at the first Fire at or after t,
// which for a t already past on a real clock is the executor's next turn.
// A sleep never polled just becomes SleepUntil(t). Cost: one lock and an
// O(1) cancel and insert; no allocation.
func (s *SleepFuture) ResetAt(t time.Time) {
	switch s.phase {
	case phaseDropped:
		panic("timer.SleepFuture.ResetAt: sleep was dropped")
	case phaseNew, phaseNewAt:
		s.phase, s.deadline = phaseNewAt, t
		return
	}
	s.rearm(t, false)
}

// rearm moves a sleep that has a driver (armed, fired or done) to deadline
// t; past says t has passed (else the wheel decides), so that it is due at
// once; a due sleep's waiting task is woken after the lock is released.
func (s *SleepFuture) rearm(t time.Time, past bool) {
	d := s.drv
	s.deadline = t
	s.phase = phaseArmed
	d.mu.Lock()
	w := s.waker
	d.disarm(s)
	due := true
	if past {
		s.flags, s.waker = flagFired, waker.Waker{}
	} else {
		due = d.arm(s, w)
	}
	d.mu.Unlock()
	if due {
		w.Wake()
	}
}

// Deadline returns when the sleep completes: for [Sleep] the zero Time
// until its first poll fixes it.
func (s *SleepFuture) Deadline() time.Time {
	if s.phase == phaseNew {
		return time.Time{}
	}
	return s.deadline
}

// String describes the sleep for deadlock reports and task dumps, as
// "timer.Sleep until 15:04:05.000".
func (s *SleepFuture) String() string {
	if s.phase == phaseNew {
		return fmt.Sprintf("timer.Sleep for %v (not polled yet)", s.dur)
	}
	return "timer.Sleep until " + s.deadline.Format("15:04:05.000")
}
