package reactor

import (
	"sync"
	"sync/atomic"
)

var (
	fallbackOnce sync.Once
	fallbackR    *Reactor
)

// fallback returns the process-wide reactor; it opens nothing by itself.
func fallback() *Reactor {
	fallbackOnce.Do(func() {
		fallbackR = &Reactor{regs: make(map[int]*Registration), lazy: &lazyDriver{}}
	})
	return fallbackR
}

// lazyDriver runs the fallback reactor while it has registrations: the
// first registration opens the poller and starts a goroutine looping on
// Wait; closing the last one stops that goroutine and closes the poller.
// mu serializes registering and closing against starting and stopping.
type lazyDriver struct {
	mu       sync.Mutex
	live     int           // registrations not yet closed; guarded by mu
	done     chan struct{} // closed by the driver goroutine when it returns; guarded by mu
	stopping atomic.Bool   // set by stop before it wakes the driver; read by the driver after each Wait
}

func (l *lazyDriver) register(r *Reactor, fd int, interest Interest) (*Registration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.live == 0 {
		if err := l.start(r); err != nil {
			return nil, err
		}
	}
	g, err := r.register(fd, interest)
	if err != nil {
		if l.live == 0 {
			l.stop(r)
		}
		return nil, err
	}
	l.live++
	return g, nil
}

func (l *lazyDriver) deregister(r *Reactor, g *Registration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	err := r.deregister(g)
	l.live--
	if l.live == 0 {
		l.stop(r)
	}
	return err
}

// start opens a poller and starts the driver. Called with mu held and no
// driver running.
func (l *lazyDriver) start(r *Reactor) error {
	p, err := openPoller()
	if err != nil {
		return err
	}
	r.wakePending.Store(false)
	r.mu.Lock()
	r.poller.Store(p)
	r.mu.Unlock()
	l.stopping.Store(false)
	done := make(chan struct{})
	l.done = done
	go l.drive(r, done)
	return nil
}

func (l *lazyDriver) drive(r *Reactor, done chan struct{}) {
	normal := false
	defer func() {
		if !normal {
			// A waker called runtime.Goexit (reported by safecall): a
			// fresh goroutine takes over the driving.
			go l.drive(r, done)
			return
		}
		close(done)
	}()
	for {
		if _, err := r.Wait(-1); err != nil {
			normal = true
			return // only a closed poller fails here; stop follows
		}
		if l.stopping.Load() {
			normal = true
			return
		}
	}
}

// stop ends the driver, then closes the poller. Called with mu held.
func (l *lazyDriver) stop(r *Reactor) {
	l.stopping.Store(true)
	_ = r.wakeNow()
	<-l.done
	r.mu.Lock()
	p := r.poller.Swap(nil)
	r.mu.Unlock()
	if p != nil {
		_ = p.close()
	}
}
