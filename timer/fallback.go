package timer

import (
	"sync"
	"time"
)

// The fallback driver serves timers polled under a Context without a
// Driver (a bare future.NewContext): a process-wide Driver on the real
// clock, fired by a goroutine of its own.
//
// Rejected design: a goroutine started once and kept for the life of the
// process. It costs nothing while idle but shows up in every goleak check
// of every package that ever slept under a bare context; so the goroutine
// runs only while at least one timer is armed.
var fallback struct {
	once sync.Once
	d    *Driver
}

func fallbackDriver() *Driver {
	fallback.once.Do(func() {
		d := NewDriver(RealClock())
		d.bg = &background{poke: make(chan struct{}, 1)}
		fallback.d = d
	})
	return fallback.d
}

// background is the fallback driver's goroutine's state; every field but
// poke is guarded by the driver's mu.
//
// Lifecycle: running goes false→true when a timer is armed and no goroutine
// runs (armedLocked starts one); true→false when the goroutine finds the
// wheel empty and exits. Both happen under mu, so a timer armed while the
// goroutine decides to exit either is seen by it or starts a new one.
type background struct {
	running bool
	// waitUntil is the wheel time the goroutine sleeps toward (0: not
	// sleeping); arming an earlier timer pokes it.
	waitUntil uint64
	// exited is closed when the current goroutine returns.
	exited chan struct{}
	// poke (capacity 1) interrupts the goroutine's sleep: an earlier
	// timer was armed, or the wheel emptied.
	poke chan struct{}
}

// armedLocked notes that a timer with wheel deadline when was armed.
func (bg *background) armedLocked(d *Driver, when uint64) {
	if !bg.running {
		bg.running = true
		bg.exited = make(chan struct{})
		go bg.run(d, bg.exited)
		return
	}
	if bg.waitUntil != 0 && when < bg.waitUntil {
		bg.wake()
	}
}

// emptiedLocked notes that the wheel became empty, so that the goroutine
// exits now rather than at its old deadline.
func (bg *background) emptiedLocked() {
	if bg.running {
		bg.wake()
	}
}

func (bg *background) wake() {
	select {
	case bg.poke <- struct{}{}:
	default: // a poke is already pending
	}
}

// run sleeps until the earliest deadline, fires, and repeats until no timer
// is armed.
func (bg *background) run(d *Driver, exited chan struct{}) {
	normal := false
	defer func() {
		if !normal {
			// A waker called runtime.Goexit inside Fire (safecall reported
			// it and woke the others): a fresh goroutine takes over.
			go bg.run(d, exited)
			return
		}
		close(exited)
	}()
	var t *time.Timer
	for {
		d.mu.Lock()
		next, ok := d.wheel.NextDeadline()
		if !ok {
			bg.running, bg.waitUntil = false, 0
			d.mu.Unlock()
			if t != nil {
				t.Stop()
			}
			normal = true
			return
		}
		bg.waitUntil = next
		d.mu.Unlock()
		if wait := time.Until(d.msTime(next)); wait > 0 {
			if t == nil {
				t = time.NewTimer(wait)
			} else {
				t.Reset(wait)
			}
			select {
			case <-t.C:
			case <-bg.poke:
				t.Stop()
			}
		}
		d.mu.Lock()
		bg.waitUntil = 0
		d.mu.Unlock()
		d.fire()
	}
}

// ShutdownFallback drops every timer armed on the process-wide fallback
// driver without waking it, and waits until the fallback goroutine has
// exited. It is for tests that leave timers polled under a bare
// future.NewContext pending and check for leaked goroutines; the goroutine
// otherwise exits by itself once no timer is armed. A dropped timer polled
// again re-arms (and restarts the goroutine); a task waiting on one without
// polling it is never woken.
func ShutdownFallback() {
	d := fallbackDriver()
	d.mu.Lock()
	d.evictAllLocked()
	bg := d.bg
	var exited chan struct{}
	if bg.running {
		exited = bg.exited
		bg.wake()
	}
	d.mu.Unlock()
	if exited != nil {
		<-exited
	}
}
