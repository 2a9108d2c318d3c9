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
