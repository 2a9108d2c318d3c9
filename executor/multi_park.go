package executor

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// idleSet tracks which workers are parked and how many are searching
// (stealing), so that a producer wakes a worker only when needed and at
// most half of the workers search at a time.
//
// Counters (sequentially consistent atomics, changed under mu; loaded
// without it on the fast paths):
//   - unparked: workers not parked (running, searching, or about to park).
//     Starts at n. A worker decrements it when it parks; whoever pops it
//     from sleepers increments it on its behalf.
//   - searching: workers looking for work in others' queues. A notifier
//     counts the worker it wakes as searching.
//
// The no-lost-wake argument: a producer makes work visible (a push), then
// loads searching and unparked (notifyParked). A parking worker updates
// the counters and pushes itself on sleepers (under mu), then re-checks
// every queue (worker.park). If the re-check misses the work, the push
// came after it, so the producer's loads come after the counter update and
// see a parked worker with nobody searching: it pops and wakes one.
type idleSet struct {
	n         int32
	unparked  atomic.Int32
	searching atomic.Int32
	mu        sync.Mutex
	sleepers  []*worker // parked workers, most recent last
}

func (s *idleSet) init(n int) {
	s.n = int32(n)
	s.unparked.Store(int32(n))
	s.sleepers = make([]*worker, 0, n)
}

// allParked reports whether every worker is parked (a snapshot).
func (s *idleSet) allParked() bool { return s.unparked.Load() == 0 }

// tryStartSearching lets a worker with an empty queue search, unless half
// of the workers already do (then it parks: they will find the work).
func (s *idleSet) tryStartSearching() bool {
	for {
		cur := s.searching.Load()
		if 2*cur >= s.n {
			return false
		}
		if s.searching.CompareAndSwap(cur, cur+1) {
			return true
		}
	}
}

// notifyParked unparks one parked worker if nobody is searching: the
// producer side of the protocol. Cost when every worker is busy or one is
// searching: two atomic loads.
func (m *Multi) notifyParked() {
	s := &m.idle
	if s.searching.Load() != 0 || s.unparked.Load() == s.n {
		return
	}
	s.mu.Lock()
	if s.searching.Load() != 0 || len(s.sleepers) == 0 {
		s.mu.Unlock()
		return
	}
	w := s.sleepers[len(s.sleepers)-1]
	s.sleepers = s.sleepers[:len(s.sleepers)-1]
	s.searching.Add(1)
	s.unparked.Add(1)
	s.mu.Unlock()
	w.wakeUp()
}

// endSearch is called by a searching worker that found work. If it was
// the last searcher, it wakes another: where there was one task there may
// be more, and a searcher must exist while work is waiting.
func (w *worker) endSearch() {
	if !w.searching {
		return
	}
	w.searching = false
	if w.m.idle.searching.Add(-1) == 0 {
		w.m.notifyParked()
	}
}

// park puts w to sleep until a notifier pops it or the Multi stops. It
// returns with w counted as unparked and searching.
func (w *worker) park() {
	m, s := w.m, &w.m.idle
	s.mu.Lock()
	if w.searching {
		w.searching = false
		s.searching.Add(-1)
	}
	all := s.unparked.Add(-1) == 0
	s.sleepers = append(s.sleepers, w)
	s.mu.Unlock()
	if all {
		m.signalQuiet()
	}
	if m.hasWork() {
		s.mu.Lock()
		for i, x := range s.sleepers {
			if x == w {
				// Nobody popped us: undo the park ourselves.
				s.sleepers = append(s.sleepers[:i], s.sleepers[i+1:]...)
				s.unparked.Add(1)
				s.searching.Add(1)
				w.searching = true
				s.mu.Unlock()
				return
			}
		}
		s.mu.Unlock()
		// A notifier popped us and is sending a token: take it below.
	}
	w.parkStart()
	w.sleep()
	w.parkEnd()
	w.searching = true // counted so by the notifier
	m.unparks.Add(1)
}

// hasWork reports whether any queue holds a task (a snapshot).
func (m *Multi) hasWork() bool {
	if m.inject.maybeNonEmpty() {
		return true
	}
	for _, o := range m.workers {
		if !o.runq.IsEmpty() || o.lifo.Load() != nil || o.inbox.maybeNonEmpty() {
			return true
		}
	}
	return false
}

// wakeUp hands w its token. If w holds the driver role it is blocked in
// the reactor rather than on its channel: interrupt that too. The token is
// sent before driving is loaded and w stores driving before it checks for
// a token, so either w sees the token or we see driving.
func (w *worker) wakeUp() {
	select {
	case w.unpark <- struct{}{}:
	default:
	}
	if w.driving.Load() {
		_ = w.m.reactor.Wake()
	}
}

// sleep blocks until w's token arrives or the Multi stops. One parked
// worker at a time takes the driver role: it waits in the reactor (and
// fires timers) instead of on its channel, so I/O wakes tasks while
// everyone sleeps. Before it blocks there, it waits for a token on the
// CPU for up to driverSpin (spinForToken).
func (w *worker) sleep() {
	m := w.m
	if m.reactor != nil && m.driverBusy.CompareAndSwap(false, true) {
		if w.spinForToken() {
			m.driverBusy.Store(false)
			return
		}
		w.driving.Store(true)
		for !w.tokenOrStop() {
			_, _ = m.reactor.Wait(m.driverTimeout())
			m.fireTimers()
		}
		w.driving.Store(false)
		m.driverBusy.Store(false)
		return
	}
	select {
	case <-w.unpark:
	case <-m.stop:
	}
}

// driverSpin is how long a worker that takes the driver role looks for
// its token, yielding the CPU between looks, before it blocks in the
// reactor. A token that comes to a worker blocked there costs an eventfd
// write and a thread wake-up in the kernel: 50-100 µs on the 2-core VM
// the benchmarks run on, where a Run from outside the workers found the
// one free worker blocked there every time (strace: one epoll_wait and
// one eventfd write per Run). Work that arrives within driverSpin costs a
// goroutine switch instead; an idle Multi pays driverSpin of CPU each
// time a worker takes the role.
const driverSpin = 20 * time.Microsecond

// spinForToken reports whether w's token (or the stop) arrived within
// driverSpin. Meanwhile w holds the driver role without blocking: due
// timers and I/O wait at most driverSpin more, and w.driving stays false,
// so a notifier only sends the token (wakeUp).
func (w *worker) spinForToken() bool {
	start := time.Now()
	for i := 0; ; i++ {
		if w.tokenOrStop() {
			return true
		}
		if i%8 == 7 && time.Since(start) >= driverSpin {
			return false
		}
		runtime.Gosched()
	}
}

// tokenOrStop reports (without blocking) whether w's token has arrived or
// the Multi is stopping.
func (w *worker) tokenOrStop() bool {
	select {
	case <-w.unpark:
		return true
	case <-w.m.stop:
		return true
	default:
		return false
	}
}

// maintain is the busy workers' turn at the driver, every tick interval:
// a non-blocking reactor poll and expired timers, if no parked worker
// holds the role. With no I/O registration and no timer armed it is two
// loads: no system call (like Local's maintain), no write to the shared
// driverBusy word.
func (w *worker) maintain() {
	m := w.m
	if m.reactor == nil {
		return
	}
	io := m.reactor.Registrations() > 0
	if !io && !m.timersArmed() {
		return
	}
	if !m.driverBusy.CompareAndSwap(false, true) {
		return
	}
	if io {
		_, _ = m.reactor.Wait(0)
	}
	m.fireTimers()
	m.driverBusy.Store(false)
}
