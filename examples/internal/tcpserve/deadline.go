package tcpserve

import (
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
)

// Phase names what a connection is waiting for, so that a [Deadline]
// knows whether a wait continues the current phase (its deadline stays)
// or starts a new one (its deadline is set afresh). Connection futures
// define their own phases; [PhaseNone] is reserved.
type Phase uint8

// PhaseNone is the phase of a deadline that is not armed.
const PhaseNone Phase = 0

// Deadline is a connection future's one timer. Before it returns Pending,
// a connection calls [Deadline.Enter] with the phase it is waiting in and
// that phase's timeout, then [Deadline.Expired]; after progress that ends
// a phase (a request answered) it calls [Deadline.Leave]. So a client
// that trickles a byte now and then stays in one phase and cannot push
// its deadline back, while a well-behaved client starts a fresh phase
// with each request.
//
// The zero value is ready to use. It costs one timer.SleepFuture,
// allocated at the first Enter; later Enters reset it without allocating.
// Not safe for concurrent use: it belongs to the connection's task.
type Deadline struct {
	sleep *timer.SleepFuture
	phase Phase
}

// Enter starts phase p with timeout d (measured on the polling
// executor's clock), unless p is already the current phase: then the
// deadline set when p started stays.
func (d *Deadline) Enter(p Phase, timeout time.Duration) {
	if p == d.phase {
		return
	}
	d.phase = p
	if d.sleep == nil {
		d.sleep = timer.Sleep(timeout)
		return
	}
	d.sleep.Reset(timeout)
}

// Phase returns the current phase ([PhaseNone] after Leave).
func (d *Deadline) Phase() Phase { return d.phase }

// Leave ends the current phase: the next Enter sets a fresh deadline even
// for the same phase.
func (d *Deadline) Leave() { d.phase = PhaseNone }

// Expired reports whether the current phase's deadline has passed. When
// it has not, cx's task will be woken when it does, so a connection may
// return Pending. False when no phase is armed.
func (d *Deadline) Expired(cx *future.Context) bool {
	if d.phase == PhaseNone || d.sleep == nil {
		return false
	}
	if d.sleep.Poll(cx).IsReady() {
		d.phase = PhaseNone // the sleep is complete; Enter resets it
		return true
	}
	return false
}

// Drop releases the timer. Idempotent.
func (d *Deadline) Drop() {
	if d.sleep != nil {
		d.sleep.Drop()
		d.sleep = nil
	}
	d.phase = PhaseNone
}
