package timer

import (
	"log/slog"
	"math"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/footprint"
	"github.com/kettle-rt/kettle/internal/safecall"
	"github.com/kettle-rt/kettle/internal/timerctl"
	"github.com/kettle-rt/kettle/internal/wheel"
	"github.com/kettle-rt/kettle/waker"
)

// fireSite is what a panic report says the driver was doing.
const fireSite = "timer: waking the task of an expired timer (firing due timers)"

// driverKey stores an executor's Driver on its services table.
var driverKey = future.NewServiceKey[*Driver]("timer.Driver")

// Driver is the rack of egg timers of one executor: a hierarchical timing
// wheel (package internal/wheel) with millisecond resolution, O(1) insert
// and cancel, behind a mutex so that every worker of a multi-threaded
// executor may share it. The executor registers it on its services table
// ([Driver.Register]); timers polled by that executor's tasks arm
// themselves on it; the executor parks until [Driver.NextDeadline] and then
// fires it, which wakes every timer that came due (the executor-only
// operations are in package internal/timerctl).
//
// Deadlines are kept in whole milliseconds since the driver was made,
// rounded up, so a timer never fires before its deadline and fires at most
// about a millisecond after it, plus however late Fire is called.
//
// All methods are safe for concurrent use. Every operation on an armed timer
// (arm, re-register a waker, cancel, fire) takes the driver's mutex once;
// none allocates in steady state.
type Driver struct {
	// mu guards wheel, closed, scratch, and the waker and flags of every
	// SleepFuture armed on this driver. Wakers are woken only after mu is
	// released, so a waker may do anything: poll or reset a timer, call
	// Fire, advance a VirtualClock.
	mu      footprint.Mutex
	wheel   wheel.Wheel[*SleepFuture]
	closed  bool
	scratch []waker.Waker // a spare buffer for Fire's wakers

	clock  Clock
	origin time.Time   // time of wheel millisecond 0
	bg     *background // non-nil only for the process-wide fallback driver

	// watchWake, when non-nil, is called (under mu) by the first arm of a
	// timer due before watchUntil (wheel ms): an executor thread blocked
	// until watchUntil must wake and re-plan. See Watch.
	watchWake  func()
	watchUntil uint64

	// rep receives panics of the wakers Fire calls; nil: safecall.Default.
	rep atomic.Pointer[safecall.Reporter]

	// armed mirrors wheel.Len(): stored under mu after every change of
	// the wheel, loaded without it by Armed and by fire's fast path (an
	// executor that fires an empty driver on every turn pays one load: no
	// clock read, no lock). A timer armed just after that load fires at
	// the next fire, as if this one had come a moment earlier.
	armed atomic.Int64
}

// syncArmed refreshes armed. d.mu must be held.
func (d *Driver) syncArmed() { d.armed.Store(int64(d.wheel.Len())) }

// NewDriver returns a driver on clock c (nil means [RealClock]). A driver on
// a [VirtualClock] is attached to it: every advance of that clock fires the
// driver's due timers, until [Driver.Close].
func NewDriver(c Clock) *Driver {
	if c == nil {
		c = RealClock()
	}
	d := &Driver{clock: c, origin: c.Now()}
	if vc, ok := c.(*VirtualClock); ok {
		vc.attach(d)
	}
	return d
}

// SetLogger makes d report to l (nil: slog.Default()) the panics of the
// wakers it calls when it fires due timers, at most one line a second. An executor
// passes its logger here (executor.Logger). Safe from any goroutine.
func (d *Driver) SetLogger(l *slog.Logger) {
	r := safecall.NewReporter()
	r.SetLogger(l)
	d.rep.Store(r)
}

// Clock returns the driver's clock.
func (d *Driver) Clock() Clock { return d.clock }

// Register stores d on an executor's services table s, so that timers
// polled under a Context carrying s arm themselves on d. Call it while
// building s, before any Context carrying it is polled.
func (d *Driver) Register(s *future.Services) {
	if s == nil {
		panic("timer.Driver.Register: nil services")
	}
	driverKey.Set(s, d)
}

// NextDeadline returns the earliest deadline of an armed timer (rounded up
// to the driver's millisecond, so a Fire at that time fires it), or false
// if none is armed. An executor parks until then; under a [VirtualClock] it
// advances the clock to it when every task is idle. Cost: a lock and
// usually O(1); at worst a scan of the one wheel slot holding the deadline.
func (d *Driver) NextDeadline() (time.Time, bool) {
	d.mu.Lock()
	ms, ok := d.wheel.NextDeadline()
	d.mu.Unlock()
	if !ok {
		return time.Time{}, false
	}
	return d.msTime(ms), true
}

// fire wakes every timer due at Clock().Now() and returns how many came due.
// The wakers are called on the calling goroutine after the driver's lock is
// released. A waker that panics is reported (see [Driver.SetLogger]) and
// the others are still woken; one that calls runtime.Goexit is reported,
// the others are woken, and then the calling goroutine ends. Concurrent
// calls are safe; each wakes the timers it took out.
// Steady-state cost: one lock (two if anything fired) plus O(1) per slot
// passed and per timer fired or cascaded; no allocation.
func (d *Driver) fire() int {
	if d.armed.Load() == 0 {
		return 0
	}
	now := d.floorMs(d.clock.Now())
	d.mu.Lock()
	ws := d.scratch
	n := d.wheel.Advance(now, func(e *wheel.Entry[*SleepFuture]) {
		s := e.Value
		s.flags = flagFired
		if !s.waker.IsNoop() {
			ws = append(ws, s.waker)
			s.waker = waker.Waker{}
		}
	})
	d.syncArmed()
	if len(ws) == 0 {
		d.mu.Unlock()
		return n
	}
	d.scratch = nil // ws is ours until we give it back
	d.mu.Unlock()
	safecall.WakeAll(d.rep.Load(), fireSite, ws)
	clear(ws)
	d.mu.Lock()
	if d.scratch == nil {
		d.scratch = ws[:0]
	}
	d.mu.Unlock()
	return n
}

// Armed returns the number of timers currently armed: waiting in the wheel
// for their deadline. Fired, dropped and never-polled timers do not count.
// An executor with no runnable task, no armed timer and nothing else in
// flight is deadlocked.
func (d *Driver) Armed() int { return int(d.armed.Load()) }

// Close drops every armed timer without waking it and detaches d from its
// [VirtualClock]. Timers polled afterwards never arm on d and never fire;
// an executor closes its driver after dropping its tasks. Closing twice is
// a no-op.
func (d *Driver) Close() {
	d.mu.Lock()
	d.closed = true
	d.evictAllLocked()
	d.mu.Unlock()
	if vc, ok := d.clock.(*VirtualClock); ok {
		vc.detach(d)
	}
}

// evictAllLocked takes every timer out of the wheel without waking it; a
// later poll of one re-arms it (unless d is closed). d.mu must be held.
func (d *Driver) evictAllLocked() {
	d.wheel.Clear(func(e *wheel.Entry[*SleepFuture]) {
		s := e.Value
		s.flags = flagEvicted
		s.waker = waker.Waker{}
	})
	d.syncArmed()
}

// arm inserts s (whose deadline is set) with waker w and reports whether s
// is already due instead (then s.flags is flagFired and nothing is stored).
// On a closed driver s stays unarmed (flagEvicted) and pending for ever.
// d.mu must be held and s must not be in the wheel.
func (d *Driver) arm(s *SleepFuture, w waker.Waker) (due bool) {
	if d.closed {
		s.flags, s.waker = flagEvicted, waker.Waker{}
		return false
	}
	if !d.wheel.Insert(&s.entry, d.ceilMs(s.deadline)) {
		s.flags, s.waker = flagFired, waker.Waker{}
		return true
	}
	s.flags, s.waker = 0, w
	d.syncArmed()
	if d.watchWake != nil && s.entry.When() < d.watchUntil {
		wake := d.watchWake
		d.watchWake = nil
		wake()
	}
	if d.bg != nil {
		d.bg.armedLocked(d, s.entry.When())
	}
	return false
}

// disarm takes s out of the wheel (if it is there) and forgets its waker.
// d.mu must be held.
func (d *Driver) disarm(s *SleepFuture) {
	d.wheel.Remove(&s.entry)
	d.syncArmed()
	s.flags, s.waker = 0, waker.Waker{}
	if d.bg != nil && d.wheel.Len() == 0 {
		d.bg.emptiedLocked()
	}
}

// sinceMs splits t - d.origin into whole milliseconds and the
// nanoseconds left over (0, 0 for times not after the origin). It
// saturates instead of overflowing: time.Time.Sub stops at about 292
// years, so beyond that the difference is taken from whole seconds, and
// anything past the wheel's range is [wheel.MaxDeadline]. (Without this a
// Sleep(math.MaxInt64) got a wheel deadline one millisecond past the time
// msTime could name: a virtual clock advanced to that time, the timer
// never fired, and the executor spun.)
func (d *Driver) sinceMs(t time.Time) (ms uint64, rem time.Duration) {
	if !t.After(d.origin) {
		return 0, 0
	}
	if since := t.Sub(d.origin); since < math.MaxInt64 {
		return uint64(since / time.Millisecond), since % time.Millisecond
	}
	secs := t.Unix() - d.origin.Unix() // both within ±2^63 s of year 1; t is after origin
	ns := int64(t.Nanosecond()) - int64(d.origin.Nanosecond())
	if ns < 0 {
		secs--
		ns += int64(time.Second)
	}
	if secs < 0 || uint64(secs) >= wheel.MaxDeadline/1000 {
		return wheel.MaxDeadline, 0
	}
	return uint64(secs)*1000 + uint64(ns)/uint64(time.Millisecond), time.Duration(ns) % time.Millisecond
}

// floorMs is the number of whole milliseconds from d.origin to t (0 for
// times before it): the wheel time at which Fire may run timers.
func (d *Driver) floorMs(t time.Time) uint64 {
	ms, _ := d.sinceMs(t)
	return ms
}

// ceilMs is t in wheel milliseconds, rounded up so that a timer never fires
// before t (saturating at [wheel.MaxDeadline], about 146 million years).
func (d *Driver) ceilMs(t time.Time) uint64 {
	ms, rem := d.sinceMs(t)
	if rem != 0 && ms < wheel.MaxDeadline {
		ms++
	}
	return ms
}

// msTime is the time of wheel millisecond ms, exactly, for every ms up to
// [wheel.MaxDeadline]: msTime(ceilMs(t)) is never before t, so a clock
// advanced to a timer's slot fires it.
func (d *Driver) msTime(ms uint64) time.Time {
	const maxMs = uint64(math.MaxInt64) / uint64(time.Millisecond)
	if ms <= maxMs {
		return d.origin.Add(time.Duration(ms) * time.Millisecond)
	}
	ms = min(ms, wheel.MaxDeadline)
	secs := d.origin.Unix() + int64(ms/1000)
	ns := int64(d.origin.Nanosecond()) + int64(ms%1000)*int64(time.Millisecond)
	return time.Unix(secs, ns).In(d.origin.Location())
}

// driverFor returns the driver of the executor polling under cx, or the
// process-wide fallback driver.
func driverFor(cx *future.Context) *Driver {
	if d, ok := driverKey.From(cx); ok && d != nil {
		return d
	}
	return fallbackDriver()
}

// watch tells d that an executor thread is about to block until until (the
// zero Time: with no deadline) and must be woken if a timer is armed that is
// due earlier — armed, typically, by a task on another worker. The first
// such arm calls wake once and clears the watch; unwatch clears it too. One
// watch at a time: watch replaces the previous one. wake runs with d's lock
// held, on the arming goroutine: it must not block or call into d (a
// coalesced reactor wake is the intended use).
func (d *Driver) watch(until time.Time, wake func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.watchWake = wake
	if until.IsZero() {
		d.watchUntil = ^uint64(0)
	} else {
		d.watchUntil = d.ceilMs(until)
	}
}

// watchNext is NextDeadline and watch in one critical section (see
// timerctl.Ops.WatchNext).
func (d *Driver) watchNext(wake func()) (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.watchWake = wake
	ms, ok := d.wheel.NextDeadline()
	if !ok {
		d.watchUntil = ^uint64(0)
		return time.Time{}, false
	}
	d.watchUntil = ms
	return d.msTime(ms), true
}

// unwatch clears the watch set by watch.
func (d *Driver) unwatch() {
	d.mu.Lock()
	d.watchWake = nil
	d.mu.Unlock()
}

func init() {
	timerctl.Of = func(d any) timerctl.Ops {
		drv := d.(*Driver)
		return timerctl.Ops{Fire: drv.fire, WatchNext: drv.watchNext, Unwatch: drv.unwatch}
	}
}
