package semaphore

import (
	"math"
	"strconv"
	"sync"

	"github.com/kettle-rt/kettle/internal/nocopy"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// Semaphore is an async counting semaphore with FIFO fairness: permits
// released while tasks wait go to the oldest waiter first. The zero value
// is not usable; build one with [New]. It must not be copied after first
// use.
type Semaphore struct {
	_  nocopy.NoCopy
	mu sync.Mutex
	// State below is guarded by mu.
	//
	// Invariant: while waiters is non-empty, permits == 0 (every returned
	// permit goes to the head waiter first, which holds it as a partial
	// grant until its request is complete).
	permits int // free permits, not held by anyone
	closed  bool
	waiters waitq.Queue[acquirer]
}

// acquirer is an Acquire future's place in line, guarded by Semaphore.mu.
type acquirer struct {
	want    int  // permits requested
	got     int  // permits assigned so far (partial grant); == want once granted
	granted bool // the request is complete and out of the line
	closed  bool // woken by Close without a grant
}

// New returns a semaphore with n free permits. It panics with
// "semaphore.New: negative permits" if n < 0.
func New(n int) *Semaphore {
	if n < 0 {
		panic("semaphore.New: negative permits")
	}
	return &Semaphore{permits: n}
}

// Acquire returns a future that resolves to a Permit for n permits, or to
// [ErrClosed] if the semaphore is closed before they are all granted. It
// joins the line at its first poll (not at this call).
//
// Special cases: Acquire(0) is ready at its first poll with an empty Permit
// (unless the semaphore is closed: ErrClosed), without waiting in line. A
// request for more permits than exist waits (holding what it collects,
// blocking the waiters behind it) until [Semaphore.AddPermits] makes it
// possible, [Semaphore.Close] fails it with ErrClosed, or it is dropped:
// there is always a way out. It panics with "semaphore.Acquire: negative
// permits" if n < 0.
//
// Cancel-safe: dropping the future gives back every permit it collected.
// Cost: one allocation (the future, which also holds the Permit); polls
// allocate nothing.
func (s *Semaphore) Acquire(n int) *AcquireFuture {
	if n < 0 {
		panic("semaphore.Acquire: negative permits")
	}
	f := &AcquireFuture{s: s}
	f.w.Value.want = n
	return f
}

// TryAcquire takes n permits at once if they are free and nobody waits in
// line (it never overtakes a waiter), or returns nil, false. It fails after
// Close. TryAcquire(0) succeeds with an empty Permit unless closed. It
// panics with "semaphore.TryAcquire: negative permits" if n < 0.
// Cost: one allocation (the Permit).
func (s *Semaphore) TryAcquire(n int) (*Permit, bool) {
	if n < 0 {
		panic("semaphore.TryAcquire: negative permits")
	}
	s.mu.Lock()
	if s.closed || s.permits < n || (n > 0 && s.waiters.Len() != 0) {
		s.mu.Unlock()
		return nil, false
	}
	s.permits -= n
	s.mu.Unlock()
	return &Permit{s: s, n: n}, true
}

// AddPermits adds n new permits, granting them to waiters in line first. It
// panics with "semaphore.AddPermits: negative permits" if n < 0. It works
// after Close too (Available counts them), though no Acquire can use them.
func (s *Semaphore) AddPermits(n int) {
	if n < 0 {
		panic("semaphore.AddPermits: negative permits")
	}
	var wl waitq.WakeList
	s.mu.Lock()
	if s.permits > math.MaxInt-n {
		s.mu.Unlock()
		panic("semaphore.AddPermits: permit count overflows int")
	}
	s.releaseLocked(n, &wl)
	s.mu.Unlock()
	wl.WakeAll()
}

// Close fails every Acquire waiting in line with [ErrClosed] (they give
// back what they had collected) and every Acquire polled later. Permits
// already held stay valid and may be released. Closing twice is a no-op.
// An Acquire granted before Close but not yet polled still gets its Permit.
func (s *Semaphore) Close() {
	var wl waitq.WakeList
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		for w := s.waiters.PopFront(); w != nil; w = s.waiters.PopFront() {
			s.permits += w.Value.got
			w.Value.got = 0
			w.Value.closed = true
			wl.Add(w.TakeWaker())
		}
	}
	s.mu.Unlock()
	wl.WakeAll()
}

// Available returns the number of free permits (0 while anyone waits: the
// head waiter collects them). It is a snapshot, stale as soon as it returns.
func (s *Semaphore) Available() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.permits
}

// release returns n permits and grants them, oldest waiter first.
func (s *Semaphore) release(n int) {
	if n == 0 {
		return
	}
	var wl waitq.WakeList
	s.mu.Lock()
	s.releaseLocked(n, &wl)
	s.mu.Unlock()
	wl.WakeAll()
}

// releaseLocked, with s.mu held, assigns n returned permits to the head of
// the line: each waiter whose request becomes complete leaves the line
// granted (its waker goes to wl); a head still short keeps a partial grant
// and blocks the rest. Leftovers become free permits.
func (s *Semaphore) releaseLocked(n int, wl *waitq.WakeList) {
	for n > 0 {
		w := s.waiters.Front()
		if w == nil {
			break
		}
		give := min(n, w.Value.want-w.Value.got)
		w.Value.got += give
		n -= give
		if w.Value.got < w.Value.want {
			return // n is 0: everything went to the head
		}
		s.waiters.PopFront()
		w.Value.granted = true
		wl.Add(w.TakeWaker())
	}
	s.permits += n
}

// String describes the semaphore: `semaphore.Semaphore (2 available, 1 waiting)`.
func (s *Semaphore) String() string {
	s.mu.Lock()
	p, n, c := s.permits, s.waiters.Len(), s.closed
	s.mu.Unlock()
	str := "semaphore.Semaphore (" + strconv.Itoa(p) + " available, " + strconv.Itoa(n) + " waiting"
	if c {
		str += ", closed"
	}
	return str + ")"
}
