package goblock

import (
	"sync"
	"time"
)

// Deadline is a settable deadline for one direction of a blocking view, as
// net.Conn's SetReadDeadline wants: Done returns a channel closed once the
// deadline has passed, and setting a new deadline (even while a goroutine
// waits on the old channel) takes effect at once. The zero value has no
// deadline. Safe for concurrent use.
type Deadline struct {
	mu     sync.Mutex
	timer  *time.Timer   // fires close(cancel) at the deadline; nil when none is armed
	cancel chan struct{} // closed when the deadline passed; replaced by Set
}

// Set arranges for Done to be closed at t: at once if t is in the past,
// never if t is zero. A waiter blocked on the previous channel is released
// when the new deadline is already past, and otherwise keeps waiting on
// the old channel, which the new timer closes too.
func (d *Deadline) Set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		<-d.cancel // the old timer fired (or is firing): wait for its close
	}
	d.timer = nil
	closed := isClosed(d.cancel)
	if t.IsZero() {
		if closed || d.cancel == nil {
			d.cancel = make(chan struct{})
		}
		return
	}
	if dur := time.Until(t); dur > 0 {
		if closed || d.cancel == nil {
			d.cancel = make(chan struct{})
		}
		cancel := d.cancel
		d.timer = time.AfterFunc(dur, func() { close(cancel) })
		return
	}
	if d.cancel == nil {
		d.cancel = make(chan struct{})
	}
	if !closed {
		close(d.cancel)
	}
}

// Done returns the channel closed when the deadline passes.
func (d *Deadline) Done() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel == nil {
		d.cancel = make(chan struct{})
	}
	return d.cancel
}

// Expired reports whether the deadline has passed.
func (d *Deadline) Expired() bool { return isClosed(d.Done()) }

func isClosed(c <-chan struct{}) bool {
	if c == nil {
		return false
	}
	select {
	case <-c:
		return true
	default:
		return false
	}
}
