package tcpserve

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// epoch is the origin of slot.last: a monotonic clock reading.
var epoch = time.Now()

// Progresser is implemented by connection futures that count what they
// have done for their client (requests answered, bytes echoed). The
// accept loop uses the count to choose which connection to close when it
// must make room: first a connection that has done nothing yet (an idle
// flood, a slowloris head that never ends), the one accepted longest ago;
// then the one whose last progress is oldest. Progress is read by the
// connection's own task after each poll.
type Progresser interface{ Progress() int64 }

// slot is one open connection as the accept loop sees it.
type slot struct {
	idx     int          // index in registry.slots; guarded by registry.mu
	last    atomic.Int64 // nanoseconds since epoch of the acceptance, then of the last progress
	polled  atomic.Bool  // the connection's task has run at least once
	proven  atomic.Bool  // the connection has made progress (see Progresser)
	evicted atomic.Bool  // set once by registry.evictLRU; read by the connection's task
	skip    bool         // passed over by the running evictLRU (bytes wait); guarded by registry.mu
	w       waker.Atomic // the connection's task, woken to notice eviction
	peek    peeker       // the connection's socket, asked whether request bytes wait; nil: never
}

// peeker is what the registry asks of a connection's socket: a
// non-blocking look at its receive queue that takes nothing
// ([tcp.Stream.TryPeek]). n > 0 means bytes wait to be read.
type peeker interface {
	TryPeek(p []byte) (int, error)
}

// maxProbes bounds how many connections one eviction asks for pending
// bytes (one recv(MSG_PEEK) each); then it takes the next candidate by
// activity without asking. Each probe costs an O(MaxConns) scan.
const maxProbes = 32

// registry holds the open connections of a server so that the accept
// loop can close the least recently active one to make room. Its mutex is
// taken once per connection at open and close, and by an eviction, which
// scans every slot (O(MaxConns), only when the server is full).
type registry struct {
	mu       sync.Mutex
	slots    []*slot
	probe    [1]byte      // TryPeek's buffer; guarded by mu
	evicting int          // slots evicted whose task has not finished yet
	acceptW  waker.Atomic // the accept loop, waiting for a connection to end
}

// add registers a new connection; peek (may be nil) is its socket.
func (r *registry) add(peek peeker) *slot {
	s := &slot{peek: peek}
	s.last.Store(int64(time.Since(epoch)))
	r.mu.Lock()
	s.idx = len(r.slots)
	r.slots = append(r.slots, s)
	r.mu.Unlock()
	return s
}

// remove forgets a finished connection and wakes the accept loop, which
// may be waiting for room.
func (r *registry) remove(s *slot) {
	r.mu.Lock()
	last := len(r.slots) - 1
	moved := r.slots[last]
	r.slots[s.idx], moved.idx = moved, s.idx
	r.slots[last] = nil
	r.slots = r.slots[:last]
	if s.evicted.Load() {
		r.evicting--
	}
	r.mu.Unlock()
	r.acceptW.Wake()
}

// counts returns how many connections are open, and how many of those are
// evicted but not yet finished.
func (r *registry) counts() (open, evicting int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.slots), r.evicting
}

// evictLRU marks the least recently active connection as evicted (see
// [Progresser]: one that has made no progress first, else the one whose
// last progress is oldest) and wakes its task, which then drops its
// connection future (closing the socket). A connection that has served
// nothing yet but whose socket has request bytes waiting unread is passed
// over while another candidate exists (among the first maxProbes): on a
// multi-threaded executor a new client's first request may arrive after
// its task has run once (or before it runs), and such a client is not
// idle. A connection that has served its client is judged by its last
// progress alone: bytes waiting there are a client that sends but does
// not read the answers (the server is blocked writing to it). It reports
// false when no connection is left to evict.
func (r *registry) evictLRU() bool {
	r.mu.Lock()
	var first, victim *slot // first: the best by activity alone
	for probes := 0; victim == nil; probes++ {
		var best *slot
		for _, s := range r.slots {
			if s.evicted.Load() || s.skip {
				continue
			}
			if best == nil || olderThan(s, best) {
				best = s
			}
		}
		if best == nil { // every candidate has bytes waiting, or none is left
			victim = first
			break
		}
		if first == nil {
			first = best
		}
		if probes == maxProbes || best.proven.Load() || !r.pending(best) {
			victim = best
			break
		}
		best.skip = true
	}
	for _, s := range r.slots {
		s.skip = false
	}
	if victim != nil {
		victim.evicted.Store(true)
		r.evicting++
	}
	r.mu.Unlock()
	if victim == nil {
		return false
	}
	victim.w.Wake()
	return true
}

// pending reports whether s's socket has bytes waiting to be read. A
// socket at end of stream or failing is not pending: it is a fine victim.
// Called with r.mu held.
func (r *registry) pending(s *slot) bool {
	if s.peek == nil {
		return false
	}
	n, err := s.peek.TryPeek(r.probe[:])
	return err == nil && n > 0
}

// olderThan reports whether a is a better victim than b: a connection
// whose task has not run yet is kept (it may hold a request the server
// has not read yet) unless every one is in that state; then one that has
// made no progress, the oldest first; then the oldest progress.
func olderThan(a, b *slot) bool {
	if ap, bp := a.polled.Load(), b.polled.Load(); ap != bp {
		return ap
	}
	if ap, bp := a.proven.Load(), b.proven.Load(); ap != bp {
		return !ap
	}
	return a.last.Load() < b.last.Load()
}

// tracked wraps a connection future with its slot: every poll checks for
// eviction and records progress; the end of the future, or its Drop,
// removes the slot.
type tracked[R any] struct {
	reg      *registry
	slot     *slot
	inner    future.Future[R]
	progress Progresser // inner, if it counts its progress
	seen     int64      // the progress count last recorded
	done     bool
}

func newTracked[R any](reg *registry, peek peeker, inner future.Future[R]) *tracked[R] {
	t := &tracked[R]{reg: reg, slot: reg.add(peek), inner: inner}
	t.progress, _ = inner.(Progresser)
	return t
}

// Poll polls the connection unless it was evicted; an evicted connection
// is dropped and its task ends with R's zero value (the accept loop
// discards connection results).
func (t *tracked[R]) Poll(cx *future.Context) future.Poll[R] {
	if t.done {
		panic(fmt.Sprintf("%T polled after completion", t))
	}
	// Register before the check: an eviction after the check wakes us.
	t.slot.w.Register(cx.Waker())
	if !t.slot.polled.Load() {
		t.slot.polled.Store(true)
	}
	if t.slot.evicted.Load() {
		future.Drop(t.inner)
		t.finish()
		var zero R
		return future.Ready(zero)
	}
	p := t.inner.Poll(cx)
	if p.IsReady() {
		t.finish()
		return p
	}
	if t.progress != nil {
		if n := t.progress.Progress(); n != t.seen {
			t.seen = n
			t.slot.last.Store(int64(time.Since(epoch)))
			t.slot.proven.Store(true)
		}
	} else {
		t.slot.last.Store(int64(time.Since(epoch)))
		t.slot.proven.Store(true)
	}
	return p
}

func (t *tracked[R]) finish() {
	t.done = true
	t.reg.remove(t.slot)
}

// Drop drops the connection future (closing its socket) and frees the
// slot. Idempotent.
func (t *tracked[R]) Drop() {
	if !t.done {
		future.Drop(t.inner)
		t.finish()
	}
}

// String names the connection in task dumps.
func (t *tracked[R]) String() string {
	if s, ok := t.inner.(fmt.Stringer); ok {
		return s.String()
	}
	return "tcpserve connection"
}
