package reactor

import (
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
)

// serviceKey finds an executor's reactor on a future.Context: the one
// key of this package. What it stores is always a *Lazy; an executor that
// opens its reactor up front provides a Lazy already loaded.
var serviceKey = future.NewServiceKey[*Lazy]("reactor")

// Provide stores r on the service table s, so that [From] finds it on every
// Context carrying s. Call it while building s, before the first poll. It
// costs one small allocation (r, as an already opened [Lazy]).
func (r *Reactor) Provide(s *future.Services) {
	l := &Lazy{}
	l.r.Store(r)
	l.Provide(s)
}

// From returns the reactor of the executor polling cx, or, when cx carries
// none (a bare future.NewContext, a nil cx), the process-wide fallback
// reactor. The fallback opens its OS queue and starts a driver goroutine on
// its first registration and closes both when its last registration is
// closed, so a program (or test) that closes its sockets leaves no
// goroutine behind. Never panics.
func From(cx *future.Context) *Reactor {
	if cx != nil {
		if l, ok := serviceKey.From(cx); ok && l != nil {
			if r, err := l.Get(); err == nil {
				return r
			}
		}
	}
	return fallback()
}

// Lazy is the reactor of an executor that opens it on first use: the first
// I/O future polled under the executor's Context opens the OS queue (two
// file descriptors on Linux), so an executor that never does I/O costs no
// descriptor. Only the executor's own polls open it; [Lazy.Loaded] is safe
// from any goroutine. The zero value is ready to use.
type Lazy struct {
	mu     sync.Mutex
	r      atomic.Pointer[Reactor]
	err    error
	logger *slog.Logger // given to the reactor when it opens (SetLogger)
}

// SetLogger makes the reactor report to l (see [Reactor.SetLogger]), now if
// it is open, else when it opens.
func (l *Lazy) SetLogger(lg *slog.Logger) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.logger = lg
	if r := l.r.Load(); r != nil {
		r.SetLogger(lg)
	}
}

// Provide stores l on the service table s, so that [From] opens and returns
// l's reactor on every Context carrying s.
func (l *Lazy) Provide(s *future.Services) { serviceKey.Set(s, l) }

// Get opens the reactor on its first call and returns it; a failed open is
// returned by every later call too (the executor's futures then fall back
// to the process-wide reactor).
func (l *Lazy) Get() (*Reactor, error) {
	if r := l.r.Load(); r != nil {
		return r, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if r := l.r.Load(); r != nil || l.err != nil {
		return r, l.err
	}
	r, err := New()
	if err != nil {
		l.err = err
		return nil, err
	}
	if l.logger != nil {
		r.SetLogger(l.logger)
	}
	// Stored before any Wait on it; a waker that loads it sees a reactor
	// whose Wake interrupts the executor's park.
	l.r.Store(r)
	return r, nil
}

// Loaded returns the reactor if it has been opened, else nil.
func (l *Lazy) Loaded() *Reactor { return l.r.Load() }

// Close closes the reactor if it was opened; later Gets fail with ErrClosed.
func (l *Lazy) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = ErrClosed
	}
	if r := l.r.Swap(nil); r != nil {
		return r.Close()
	}
	return nil
}

// Opened reports whether the executor polling cx has opened its reactor,
// that is whether some future polled by its tasks has done real I/O. It
// opens nothing and costs a lookup and an atomic load. Schedule explorers
// use it to refuse real I/O, whose readiness comes from outside the
// explored schedule.
func Opened(cx *future.Context) bool {
	if cx == nil {
		return false
	}
	l, ok := serviceKey.From(cx)
	return ok && l != nil && l.Loaded() != nil
}
