package timer

import (
	"fmt"
	"slices"
	"sync"
	"time"
	"weak"
)

// VirtualClock is a [Clock] whose time moves only when told to: tokio's
// paused time, for deterministic tests. Every [Driver] made with it is
// attached to it; [VirtualClock.Advance] and [VirtualClock.AdvanceTo] move
// the time and then fire the due timers of every attached driver, on the
// calling goroutine, which wakes the waiting tasks (and so their
// executors). An executor built with a VirtualClock advances it to
// [Driver.NextDeadline] by itself when every task is idle.
//
// The process-wide fallback driver (timers polled under a bare
// future.NewContext) never uses a VirtualClock: such timers run on real
// time. Poll under a Context whose services carry a Driver on this clock.
//
// Time never goes backwards. Now's result carries no monotonic reading.
// All methods are safe for concurrent use; the time set by an advance
// happens before the Fire calls it makes. Advancing allocates nothing (with
// up to four attached drivers).
type VirtualClock struct {
	mu      sync.Mutex // guards now and drivers
	now     time.Time
	drivers []weak.Pointer[Driver] // attached drivers; collected ones are pruned
}

// NewVirtualClock returns a virtual clock reading start (with any
// monotonic clock reading stripped).
func NewVirtualClock(start time.Time) *VirtualClock {
	return &VirtualClock{now: start.Round(0)}
}

// Now returns the virtual time.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the time forward by d and fires what became due on every
// attached driver. Advance(0) fires what is due now. It panics if d is
// negative: time never goes backwards.
func (c *VirtualClock) Advance(d time.Duration) {
	if d < 0 {
		panic("timer.VirtualClock.Advance: negative duration")
	}
	c.step(func(now time.Time) time.Time { return now.Add(d) })
}

// AdvanceTo moves the time forward to t and fires what became due on every
// attached driver. A t not after the current time leaves the time as it is
// (and still fires what is due), so an executor may advance to a deadline
// that another goroutine has already passed.
func (c *VirtualClock) AdvanceTo(t time.Time) {
	c.step(func(now time.Time) time.Time {
		if t.After(now) {
			return t.Round(0)
		}
		return now
	})
}

func (c *VirtualClock) step(next func(time.Time) time.Time) {
	var buf [4]*Driver // no allocation for up to four drivers
	attached := buf[:0]
	c.mu.Lock()
	c.now = next(c.now)
	live := c.drivers[:0]
	for _, p := range c.drivers {
		if d := p.Value(); d != nil {
			live = append(live, p)
			attached = append(attached, d)
		}
	}
	clear(c.drivers[len(live):])
	c.drivers = live
	c.mu.Unlock()
	// Fire outside c.mu: Fire reads Now, and the wakers it calls may
	// advance the clock again.
	for _, d := range attached {
		d.fire()
	}
}

// String describes the clock and its time.
func (c *VirtualClock) String() string {
	return fmt.Sprintf("timer.VirtualClock at %s", c.Now().Format(time.RFC3339Nano))
}

// attach makes Advance fire d. The clock holds d weakly: a driver that is
// dropped without Close is forgotten once collected.
func (c *VirtualClock) attach(d *Driver) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drivers = append(c.drivers, weak.Make(d))
}

func (c *VirtualClock) detach(d *Driver) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := weak.Make(d)
	c.drivers = slices.DeleteFunc(c.drivers, func(q weak.Pointer[Driver]) bool { return q == p })
}
