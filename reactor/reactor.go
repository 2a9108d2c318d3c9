package reactor

import (
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/internal/safecall"
	"github.com/kettle-rt/kettle/waker"
)

// What a panic report says the reactor was doing.
const (
	readySite = "reactor: waking a task waiting for readiness of its descriptor"
	closeSite = "reactor: waking a task whose registration was closed"
)

// eventBatch is how many OS events one [Reactor.Wait] can return.
const eventBatch = 256

// Reactor turns readiness of non-blocking file descriptors into wake-ups.
// Create one with [New]; an executor stores it on its service table with
// [Reactor.Provide] and calls [Reactor.Wait] when idle. All methods are safe
// for concurrent use, except that only one goroutine at a time may be inside
// Wait (a second caller blocks until the first returns).
//
// Wakers stored by registrations are called on the goroutine running Wait,
// after the reactor's locks are released; they must not block.
type Reactor struct {
	// poller is the OS queue. New stores it once; the process-wide
	// fallback stores one on its first registration and clears it after
	// its last. Swaps to nil happen under mu (Wake, Register and the
	// deregistering Close read it under mu, so no syscall ever reaches a
	// closed, possibly reused, fd) and after waitMu was taken (so no Wait
	// is inside the kernel on it).
	poller atomic.Pointer[poller]

	mu      sync.RWMutex          // guards regs and nextGen; read-held by Wait's dispatch and by Wake
	regs    map[int]*Registration // live registrations by fd
	nextGen uint32                // generation of the last registration; never 0 for a live one

	waitMu sync.Mutex // held by Wait for its whole call; Close takes it to know no Wait is in the kernel

	closed atomic.Bool // set once by Close, before it interrupts Wait

	// wakePending coalesces Wake calls. false→true: the Wake that wins the
	// CAS writes the wake-up fd, and later Wakes return at once. true→false:
	// Wait, after it drained the wake-up fd. Draining before clearing means
	// a true flag always stands for a write that Wait has not yet returned
	// from, so a coalesced Wake is never lost: the Wait it meant to
	// interrupt returns after the Wake was called.
	wakePending atomic.Bool
	wakeWrites  atomic.Uint64 // wake-up fd writes made (tests count coalescing)

	waiters atomic.Int64 // registrations with a read or write waiter; see Registrations

	lazy *lazyDriver // non-nil only for the process-wide fallback of From

	// rep receives panics of the wakers the reactor calls; nil:
	// safecall.Default.
	rep atomic.Pointer[safecall.Reporter]
}

// SetLogger makes r report to l (nil: slog.Default()) the panics of the
// wakers it calls when descriptors become ready or registrations close,
// at most one line a second. An executor passes its logger here
// (executor.Logger). Safe from any goroutine.
func (r *Reactor) SetLogger(l *slog.Logger) {
	rep := safecall.NewReporter()
	rep.SetLogger(l)
	r.rep.Store(rep)
}

// takeInto moves the waker registered in a, if any, to ws[n] and returns
// the new count.
func takeInto(a *waker.Atomic, ws []waker.Waker, n int) int {
	if w := a.Take(); !w.IsNoop() {
		ws[n] = w
		n++
	}
	return n
}

// wakeAll wakes ws. A waker that panics is reported and the others are
// woken; one that calls runtime.Goexit is reported, the others are woken,
// and the calling goroutine ends (an executor's, or the fallback's
// driver, which is restarted; dispatch finishes its batch first).
func (r *Reactor) wakeAll(where string, ws []waker.Waker) {
	if len(ws) > 0 {
		safecall.WakeAll(r.rep.Load(), where, ws)
	}
}

// New opens a reactor: on Linux an epoll fd and an eventfd, on macOS and
// the BSDs a kqueue; all close-on-exec. It returns [ErrUnsupported] on other
// platforms and the wrapped syscall error if the kernel refuses. Close it
// with [Reactor.Close].
func New() (*Reactor, error) {
	p, err := openPoller()
	if err != nil {
		return nil, err
	}
	r := &Reactor{regs: make(map[int]*Registration)}
	r.poller.Store(p)
	return r, nil
}

// Register starts watching fd for the directions in interest (edge
// triggered) and returns its [Registration]. fd must be non-blocking
// ([ErrBlocking] otherwise) and open (a wrapped EBADF otherwise); an fd
// already registered here gives [ErrAlreadyRegistered]; a closed reactor
// gives [ErrClosed]. The caller keeps owning fd: close the Registration
// before closing fd. Register panics if interest is empty.
//
// Cost: a map insert and one epoll_ctl (or kevent) call, plus an fcntl to
// check the mode; one allocation.
func (r *Reactor) Register(fd int, interest Interest) (*Registration, error) {
	if interest&(Readable|Writable) == 0 {
		panic("reactor.Register: empty interest")
	}
	if r.lazy != nil {
		return r.lazy.register(r, fd, interest)
	}
	return r.register(fd, interest)
}

func (r *Reactor) register(fd int, interest Interest) (*Registration, error) {
	if err := checkNonblocking(fd); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.poller.Load()
	if p == nil || r.closed.Load() {
		return nil, ErrClosed
	}
	if _, dup := r.regs[fd]; dup {
		return nil, ErrAlreadyRegistered
	}
	r.nextGen++
	if r.nextGen == 0 {
		r.nextGen = 1
	}
	g := &Registration{r: r, fd: fd, gen: r.nextGen, interest: interest}
	if err := p.add(fd, interest, g.gen); err != nil {
		return nil, err
	}
	r.regs[fd] = g
	return g, nil
}

// deregister removes g from the table and the OS queue, if it is still
// there (a closed reactor already dropped both).
func (r *Reactor) deregister(g *Registration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.regs[g.fd] != g {
		return nil
	}
	delete(r.regs, g.fd)
	if p := r.poller.Load(); p != nil {
		return p.del(g.fd, g.interest)
	}
	return nil
}

// Wait blocks in the OS queue until at least one registered fd becomes
// ready, [Reactor.Wake] is called, or timeout passes (timeout < 0: no limit;
// 0: just poll; the epoll backend rounds up to whole milliseconds). It
// records readiness on the registrations and wakes their waiters, then
// returns the number of events the kernel reported (I/O events plus one
// for a Wake). An interrupted wait (EINTR) returns 0, nil. A closed reactor
// returns [ErrClosed]; other failures are wrapped as
// os.NewSyscallError("epoll_wait" or "kevent", err).
//
// Only one goroutine at a time may be inside Wait. Steady-state cost: one
// syscall, no allocation.
func (r *Reactor) Wait(timeout time.Duration) (int, error) {
	r.waitMu.Lock()
	defer r.waitMu.Unlock()
	if r.closed.Load() {
		return 0, ErrClosed
	}
	p := r.poller.Load()
	if p == nil {
		return 0, ErrClosed
	}
	return p.wait(r, timeout)
}

// Wake interrupts a [Reactor.Wait] that is blocked now, or makes the next
// one return at once. It is safe from any goroutine. Wakes are coalesced:
// until a Wait has consumed the wake-up, further calls cost one atomic load
// and write nothing, so a thousand wakes between two waits cost one eventfd
// write. It returns [ErrClosed] after Close and nil otherwise (a failed
// write of the wake-up fd is returned wrapped).
func (r *Reactor) Wake() error {
	if r.closed.Load() {
		return ErrClosed
	}
	if r.wakePending.Load() || !r.wakePending.CompareAndSwap(false, true) {
		return nil
	}
	return r.wakeNow()
}

// wakeNow writes the wake-up fd without coalescing.
func (r *Reactor) wakeNow() error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	p := r.poller.Load()
	if p == nil {
		if r.closed.Load() {
			return ErrClosed
		}
		return nil // idle fallback: nobody is waiting
	}
	r.wakeWrites.Add(1)
	return p.wake()
}

// Close stops the reactor: it interrupts a blocked Wait, waits for it to
// return, closes the OS queue and its wake-up fd, and wakes every
// registration's waiters, whose PollReadReady and PollWriteReady then
// become Ready([ErrClosed]). The registered fds themselves stay open: their
// owners close them. Closing twice returns [ErrClosed]. The process-wide
// reactor returned by [From] outside an executor is never closed: its Close
// does nothing and returns nil.
func (r *Reactor) Close() error {
	if r.lazy != nil {
		return nil
	}
	if !r.closed.CompareAndSwap(false, true) {
		return ErrClosed
	}
	_ = r.wakeNow() // a Wait in the kernel returns; its error is irrelevant now
	r.waitMu.Lock()
	r.mu.Lock()
	p := r.poller.Swap(nil)
	regs := r.regs
	r.regs = nil
	r.mu.Unlock()
	r.waitMu.Unlock()
	var err error
	if p != nil {
		err = p.close()
	}
	for _, g := range regs {
		g.shutdown()
	}
	return err
}

// Registrations returns the number of live registrations that have a task
// waiting for readiness (a PollReadReady or PollWriteReady that returned
// Pending and was not yet woken). Executors use it for deadlock detection:
// while it is zero, no I/O event can wake any task.
func (r *Reactor) Registrations() int {
	if n := r.waiters.Load(); n > 0 {
		return int(n)
	}
	return 0 // a transient negative (a wake counted before its waiter) reads as none
}

// dispatch records readiness bits on the registrations of a batch and
// wakes their waiters. It is called by the pollers after they released mu.
func dispatch(batch []readyEvent) {
	i := 0
	defer func() {
		if i < len(batch) {
			// A waker called runtime.Goexit (panics are caught per wake):
			// deliver the rest of the batch before the goroutine ends, so
			// that no edge-triggered event is lost.
			batch[i].g = nil
			dispatch(batch[i+1:])
		}
	}()
	for ; i < len(batch); i++ {
		batch[i].g.setReady(batch[i].bits)
		batch[i].g = nil // let a closed registration be collected
	}
}

// readyEvent is one decoded OS event: which registration, which bits.
type readyEvent struct {
	g    *Registration
	bits uint64
}

// waitMillis converts a Wait timeout for epoll: -1 forever, rounded up.
func waitMillis(d time.Duration) int {
	switch {
	case d < 0:
		return -1
	case d == 0:
		return 0
	}
	ms := (d + time.Millisecond - 1) / time.Millisecond
	if ms > math.MaxInt32 {
		ms = math.MaxInt32
	}
	return int(ms)
}
