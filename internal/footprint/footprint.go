// Package footprint tells a schedule explorer (package futuretest) which
// shared resources each step of an explored run touches, so that it can
// skip reorderings of steps that touch nothing in common (partial-order
// reduction). Kettle's primitives guard their state with the [Mutex] and
// [RWMutex] of this package instead of the sync ones: each Lock first
// reports the lock's address as the resource, then locks. Primitives with
// no lock (oneshot) call [Touch] themselves.
//
// The report goes to the one [Recorder] installed process-wide while an
// explored run is under way (futuretest runs them one at a time); with
// none installed it costs an atomic load. A report from a goroutine that
// is not the run's (another test using Kettle meanwhile) only adds a
// dependency: the explorer then explores more, never less.
package footprint

import (
	"sync"
	"sync/atomic"
)

// Recorder receives the resources touched while it is installed. Touch
// may be called from any goroutine.
type Recorder interface {
	Touch(res any)
}

type holder struct{ r Recorder }

var cur atomic.Pointer[holder]

// Install makes r the recorder (nil: none). For package futuretest.
func Install(r Recorder) {
	if r == nil {
		cur.Store(nil)
		return
	}
	cur.Store(&holder{r})
}

// Touch reports that the running step touches res (a pointer that
// identifies the resource).
func Touch(res any) {
	if h := cur.Load(); h != nil {
		h.r.Touch(res)
	}
}

// Mutex is a sync.Mutex whose Lock reports the mutex as touched. The zero
// value is unlocked.
type Mutex struct{ sync.Mutex }

// Lock reports m, then locks it.
func (m *Mutex) Lock() {
	if h := cur.Load(); h != nil {
		h.r.Touch(m)
	}
	m.Mutex.Lock()
}

// RWMutex is a sync.RWMutex whose Lock and RLock report it as touched.
type RWMutex struct{ sync.RWMutex }

// Lock reports m, then locks it for writing.
func (m *RWMutex) Lock() {
	if h := cur.Load(); h != nil {
		h.r.Touch(m)
	}
	m.RWMutex.Lock()
}

// RLock reports m, then locks it for reading. (A read and a write of the
// same resource are dependent; two reads are not, but the explorer is not
// told which is which: it treats them as dependent, which only explores
// more.)
func (m *RWMutex) RLock() {
	if h := cur.Load(); h != nil {
		h.r.Touch(m)
	}
	m.RWMutex.RLock()
}
