package reactor

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// Bits of [Registration.state].
//
//	readReady    (bit 0)  the fd may be readable. Set by an event (Wait);
//	                      cleared by ClearReadReady with the current tick.
//	writeReady   (bit 1)  the same for writing.
//	closed       (bit 2)  the registration or its reactor was closed. Set
//	                      once, never cleared; afterwards no bit changes.
//	readWaiting  (bit 3)  PollReadReady returned Pending and its waker has
//	                      not been woken yet. Set by PollReadReady; cleared
//	                      by the event that wakes it or by close.
//	writeWaiting (bit 4)  the same for writing.
//	tick   (bits 32..63)  incremented by every event and by close; wraps.
//
// Every transition is one CAS on the whole word, so a clear that carries an
// old tick fails against any event that came after the tick was read: a
// stale ClearReadReady never erases a newer readiness.
const (
	readReady    uint64 = 1 << 0
	writeReady   uint64 = 1 << 1
	closedBit    uint64 = 1 << 2
	readWaiting         = readReady << waitingShift
	writeWaiting        = writeReady << waitingShift
	waitMask            = readWaiting | writeWaiting
	waitingShift        = 3
	tickShift           = 32
	tickOne      uint64 = 1 << tickShift
)

// Tick counts the readiness events of a [Registration]. Read it with
// [Registration.Tick] before the syscall whose EAGAIN you will report to
// [Registration.ClearReadReady] or [Registration.ClearWriteReady].
type Tick uint32

// Registration is one fd watched by a [Reactor]. It caches readiness per
// direction and holds one waiting reader and one waiting writer (a
// [waker.Atomic] each). A poll whose waker does not wake the same target as
// the one already waiting on that direction gets Ready([ErrBusy]) instead of
// stealing the first one's wake-ups; a future that gave up its wait (Drop)
// hands the direction back with [Registration.Release].
//
// The leaf-future pattern, for reading:
//
//	if p := g.PollReadReady(cx); !p.IsReady() { return Pending }  // or Ready(err)
//	tick := g.Tick()
//	n, err := unix.Read(fd, buf)
//	if err == unix.EAGAIN { g.ClearReadReady(tick); loop }
type Registration struct {
	r        *Reactor
	fd       int
	gen      uint32 // distinguishes this registration from an earlier one of the same fd (epoll)
	interest Interest
	closing  atomic.Bool   // set by the first Close
	state    atomic.Uint64 // see the bit constants above
	rw, ww   waker.Atomic  // the read and write waiters

	// ownerMu serializes the Pending path of PollReadReady and
	// PollWriteReady with Release, so that checking the waiting bit
	// against the owner and installing a new owner is one step. The ready
	// fast path never takes it.
	ownerMu        sync.Mutex
	rOwner, wOwner waker.Waker // the waker behind readWaiting / writeWaiting; guarded by ownerMu
}

// Reactor returns the reactor the registration belongs to.
func (g *Registration) Reactor() *Reactor { return g.r }

// Closed reports whether the registration or its reactor was closed: its
// polls return Ready([ErrClosed]) and it will never see another event. An
// fd whose registration was closed by its reactor (an executor that
// finished) can be registered again elsewhere.
func (g *Registration) Closed() bool { return g.state.Load()&closedBit != 0 }

// Waiting reports whether a task waits on direction dir (Readable or
// Writable): a PollReadReady or PollWriteReady returned Pending and was not
// yet woken. Sockets use it to decide whether moving the registration to
// another reactor would strand a waiter of the other direction.
func (g *Registration) Waiting(dir Interest) bool {
	return g.state.Load()&(dirBit(dir)<<waitingShift) != 0
}

// MarkReady records both directions as (maybe) ready, as if an event had
// arrived, without waking anyone. A socket calls it on the registration
// that replaces one on another reactor: readiness seen by the old reactor
// may never be reported again (edge triggering), so the next poll of each
// direction tries its syscall first and only EAGAIN makes it wait.
func (g *Registration) MarkReady() { g.setReady(uint64(g.interest) & (readReady | writeReady)) }

// Release gives up the wait of direction dir if w (or a waker of the same
// target) is the one waiting there: the waiting bit is cleared and the
// stored waker forgotten, so another task may wait on that direction. A
// future whose Poll returned Pending calls it from Drop. It does nothing
// when someone else waits there.
func (g *Registration) Release(dir Interest, w waker.Waker) {
	bit := dirBit(dir) << waitingShift
	owner, slot := &g.rOwner, &g.rw
	if dir == Writable {
		owner, slot = &g.wOwner, &g.ww
	}
	g.ownerMu.Lock()
	defer g.ownerMu.Unlock()
	for {
		s := g.state.Load()
		if s&bit == 0 || !owner.WillWake(w) {
			return
		}
		if g.state.CompareAndSwap(s, s&^bit) {
			if s&waitMask == bit {
				g.r.waiters.Add(-1)
			}
			*owner = waker.Waker{}
			_ = slot.Take()
			return
		}
	}
}

// dirBit maps Readable or Writable to its ready bit.
func dirBit(dir Interest) uint64 {
	if dir == Writable {
		return writeReady
	}
	return readReady
}

// Fd returns the registered file descriptor.
func (g *Registration) Fd() int { return g.fd }

// Interest returns the directions the registration watches.
func (g *Registration) Interest() Interest { return g.interest }

// String describes the registration for deadlock reports, like
// "reactor.Registration fd 7".
func (g *Registration) String() string { return fmt.Sprintf("reactor.Registration fd %d", g.fd) }

// PollReadReady returns Ready(nil) while the fd is (or may be) readable,
// Ready([ErrClosed]) once the registration or its reactor is closed, and
// otherwise stores cx.Waker() and returns Pending; the next read event
// wakes it. It panics if the registration lacks [Readable] interest. It
// never allocates.
func (g *Registration) PollReadReady(cx *future.Context) future.Poll[error] {
	if g.interest&Readable == 0 {
		panic("reactor: PollReadReady on a registration without Readable interest")
	}
	return g.pollReady(cx, readReady, &g.rw, &g.rOwner)
}

// PollWriteReady is [Registration.PollReadReady] for writing; it panics if
// the registration lacks [Writable] interest.
func (g *Registration) PollWriteReady(cx *future.Context) future.Poll[error] {
	if g.interest&Writable == 0 {
		panic("reactor: PollWriteReady on a registration without Writable interest")
	}
	return g.pollReady(cx, writeReady, &g.ww, &g.wOwner)
}

// PollReady is PollReadReady (dir Readable) or PollWriteReady (dir
// Writable) storing w rather than a Context's waker: for a waker shared by
// several waiters, such as a listener's that wakes all its acceptors. It
// panics if the registration lacks dir's interest.
func (g *Registration) PollReady(dir Interest, w waker.Waker) future.Poll[error] {
	if g.interest&dir == 0 || (dir != Readable && dir != Writable) {
		panic("reactor: PollReady on a registration without " + dir.String() + " interest")
	}
	ready := dirBit(dir)
	s := g.state.Load()
	if p, done := readyOutcome(s, ready); done {
		return p
	}
	if dir == Writable {
		return g.pollPending(w, ready, &g.ww, &g.wOwner)
	}
	return g.pollPending(w, ready, &g.rw, &g.rOwner)
}

func (g *Registration) pollReady(cx *future.Context, ready uint64, slot *waker.Atomic, owner *waker.Waker) future.Poll[error] {
	s := g.state.Load()
	if p, done := readyOutcome(s, ready); done {
		return p
	}
	return g.pollPending(cx.Waker(), ready, slot, owner)
}

// pollPending is the slow path of pollReady: check that nobody else waits
// on the direction, then store w.
func (g *Registration) pollPending(w waker.Waker, ready uint64, slot *waker.Atomic, owner *waker.Waker) future.Poll[error] {
	waiting := ready << waitingShift
	g.ownerMu.Lock()
	defer g.ownerMu.Unlock()
	s := g.state.Load()
	if s&waiting != 0 && !owner.WillWake(w) {
		if p, done := readyOutcome(s, ready); done {
			return p
		}
		return future.Ready(ErrBusy)
	}
	*owner = w
	// Register first, then publish the waiting bit with a CAS that
	// re-checks readiness: an event whose CAS came before ours is seen
	// here; one whose CAS comes after ours finds the waiting bit and wakes
	// the waker we stored before.
	slot.Register(w)
	for {
		if p, done := readyOutcome(s, ready); done {
			return p
		}
		if s&waiting != 0 {
			return future.Pending[error]()
		}
		if g.state.CompareAndSwap(s, s|waiting) {
			if s&waitMask == 0 {
				g.r.waiters.Add(1)
			}
			return future.Pending[error]()
		}
		s = g.state.Load()
	}
}

func readyOutcome(s, ready uint64) (future.Poll[error], bool) {
	switch {
	case s&closedBit != 0:
		return future.Ready(ErrClosed), true
	case s&ready != 0:
		return future.Ready[error](nil), true
	}
	return future.Poll[error]{}, false
}

// Tick returns the current event count. Read it before the syscall whose
// EAGAIN you will pass to ClearReadReady or ClearWriteReady.
func (g *Registration) Tick() Tick { return Tick(g.state.Load() >> tickShift) }

// ClearReadReady forgets read readiness after a read returned EAGAIN, if no
// event arrived since tick was read with [Registration.Tick]. A clear with
// an older tick is ignored: the newer event may have brought the data the
// failed read missed.
func (g *Registration) ClearReadReady(tick Tick) { g.clear(tick, readReady) }

// ClearWriteReady is [Registration.ClearReadReady] for writing.
func (g *Registration) ClearWriteReady(tick Tick) { g.clear(tick, writeReady) }

func (g *Registration) clear(tick Tick, ready uint64) {
	for {
		s := g.state.Load()
		if Tick(s>>tickShift) != tick || s&ready == 0 || s&closedBit != 0 {
			return
		}
		if g.state.CompareAndSwap(s, s&^ready) {
			return
		}
	}
}

// setReady records an event (from Wait) and wakes the waiters of the
// directions it made ready.
func (g *Registration) setReady(bits uint64) {
	for {
		old := g.state.Load()
		if old&closedBit != 0 {
			return
		}
		woke := old & (bits << waitingShift)
		next := ((old | bits) &^ woke) + tickOne
		if !g.state.CompareAndSwap(old, next) {
			continue
		}
		if old&waitMask != 0 && next&waitMask == 0 {
			g.r.waiters.Add(-1)
		}
		var ws [2]waker.Waker
		n := 0
		if woke&readWaiting != 0 {
			n = takeInto(&g.rw, ws[:], n)
		}
		if woke&writeWaiting != 0 {
			n = takeInto(&g.ww, ws[:], n)
		}
		g.r.wakeAll(readySite, ws[:n])
		return
	}
}

// shutdown sets the closed bit and wakes both waiters with the news.
func (g *Registration) shutdown() {
	for {
		old := g.state.Load()
		if old&closedBit != 0 {
			return
		}
		next := ((old | closedBit) &^ waitMask) + tickOne
		if !g.state.CompareAndSwap(old, next) {
			continue
		}
		if old&waitMask != 0 {
			g.r.waiters.Add(-1)
		}
		var ws [2]waker.Waker
		n := takeInto(&g.rw, ws[:], 0)
		n = takeInto(&g.ww, ws[:], n)
		g.r.wakeAll(closeSite, ws[:n])
		return
	}
}

// Close deregisters the fd (it stays open: close it afterwards) and wakes
// both waiters, whose polls then return Ready([ErrClosed]). It is
// idempotent: later calls return nil. The error, if any, is the wrapped
// epoll_ctl/kevent failure; EBADF and ENOENT (an fd closed before its
// registration) are not errors.
func (g *Registration) Close() error {
	if !g.closing.CompareAndSwap(false, true) {
		return nil
	}
	var err error
	if g.r.lazy != nil {
		err = g.r.lazy.deregister(g.r, g)
	} else {
		err = g.r.deregister(g)
	}
	g.shutdown()
	return err
}
