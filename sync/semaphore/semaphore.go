package semaphore

import (
	"math"
	"strconv"

	"github.com/kettle-rt/kettle/internal/footprint"
	"github.com/kettle-rt/kettle/internal/taskcx"

	"github.com/kettle-rt/kettle/internal/nocopy"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// Semaphore is an async counting semaphore with FIFO fairness: permits
// released while tasks wait go to the oldest waiter first. The zero value
// is not usable; build one with [New]. It must not be copied after first
// use.
type Semaphore struct {
	_  nocopy.NoCopy
	mu footprint.Mutex
	// State below is guarded by mu.
	//
	// Invariant: while waiters is non-empty, permits == 0 (every returned
	// permit goes to the head waiter first, which holds it as a partial
	// grant until its request is complete).
	permits int // free permits, not held by anyone
	closed  bool
	waiters waitq.Queue[acquirer]
	// For wait-for graphs (deadlock proofs with the real clock, see
	// AcquireFuture.WaitsFor): held lists the Permits (n > 0) returned to
	// a task by Acquire, one entry each, until released; untracked counts
	// the other outstanding Permits (TryAcquire, a poll outside an
	// executor); unobserved counts waiters granted their permits whose
	// poll has not yet returned them; replenished is set for good by the
	// first AddPermits or Close.
	held        []holder
	untracked   int
	unobserved  int
	replenished bool
}

// holder is one outstanding Permit taken by a task, guarded by Semaphore.mu.
type holder struct {
	p    *Permit
	tok  *taskcx.Token
	name string // the task's name, for reports
}

// acquirer is an Acquire future's place in line, guarded by Semaphore.mu.
type acquirer struct {
	tok     *taskcx.Token // the waiting task (nil outside an executor)
	want    int           // permits requested
	got     int           // permits assigned so far (partial grant); == want once granted
	granted bool          // the request is complete and out of the line
	closed  bool          // woken by Close without a grant
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
	if n > 0 {
		s.untracked++
	}
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
	s.replenished = true
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
	s.replenished = true
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

// release returns p's permits and grants them, oldest waiter first.
func (s *Semaphore) release(p *Permit) {
	if p.n == 0 {
		return
	}
	var wl waitq.WakeList
	s.mu.Lock()
	s.forgetLocked(p)
	s.releaseLocked(p.n, &wl)
	s.mu.Unlock()
	wl.WakeAll()
}

// recordLocked notes, with s.mu held, that p (n > 0) is now held by the
// task tok named name (tok nil: unknown).
func (s *Semaphore) recordLocked(p *Permit, tok *taskcx.Token, name string) {
	if p.n == 0 {
		return
	}
	if tok == nil {
		s.untracked++
		return
	}
	s.held = append(s.held, holder{p: p, tok: tok, name: name})
}

// forgetLocked drops the record of p (n > 0), with s.mu held.
func (s *Semaphore) forgetLocked(p *Permit) {
	for i := range s.held {
		if s.held[i].p == p {
			last := len(s.held) - 1
			s.held[i] = s.held[last]
			s.held[last] = holder{}
			s.held = s.held[:last]
			return
		}
	}
	s.untracked--
}

// waitsForLocked appends, with s.mu held, the tasks the queued waiter w
// needs (taskcx.WaitsFor): the tasks holding permits and the waiters ahead
// of it in line (one that gives up passes its partial grant on). It is
// complete (true) only if at least one permit is held, every outstanding
// permit is held by a known task, no grant is unobserved, and AddPermits
// and Close have never been called: the semaphore is then taken to be a
// fixed set of permits cycling among tasks, which only their holders give
// back. A semaphore nobody holds permits of can only be fed from outside,
// so a wait on it proves nothing. What this can miss (a first AddPermits
// or Close made after the tasks got stuck) is in the package doc.
func (s *Semaphore) waitsForLocked(w *waitq.Waiter[acquirer], dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	if !w.Queued() || s.replenished || s.untracked > 0 || s.unobserved > 0 || len(s.held) == 0 {
		return dst, false
	}
	for _, h := range s.held {
		dst = append(dst, h.tok)
	}
	for x := s.waiters.Front(); x != nil && x != w; x = s.waiters.Next(x) {
		if x.Value.tok == nil {
			return dst, false
		}
		dst = append(dst, x.Value.tok)
	}
	return dst, true
}

// holdersLocked describes who holds permits, for reports:
// `1 permit held by task "cook"`; "" if none is held by a named task.
func (s *Semaphore) holdersLocked() string {
	str, n := "", 0
	for _, h := range s.held {
		if h.name == "" {
			continue
		}
		if str != "" {
			str += ", "
		}
		str += "task " + strconv.Quote(h.name)
		n += h.p.n
	}
	if str == "" {
		return ""
	}
	unit := " permits"
	if n == 1 {
		unit = " permit"
	}
	return strconv.Itoa(n) + unit + " held by " + str
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
		s.unobserved++
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
