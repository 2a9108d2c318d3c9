package footprint

import (
	"sync"
	"sync/atomic"
)

// Recorder receives the resources touched while it is installed: Touch
// for an access that may change the resource, Read for one that only
// looks (two reads of a resource do not conflict). Both may be called from
// any goroutine.
type Recorder interface {
	Touch(res any)
	Read(res any)
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
// identifies the resource) and may change it.
func Touch(res any) {
	if h := cur.Load(); h != nil {
		h.r.Touch(res)
	}
}

// Read reports that the running step looks at res without changing it.
func Read(res any) {
	if h := cur.Load(); h != nil {
		h.r.Read(res)
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

// RLock reports a read of m, then locks it for reading.
func (m *RWMutex) RLock() {
	if h := cur.Load(); h != nil {
		h.r.Read(m)
	}
	m.RWMutex.RLock()
}
