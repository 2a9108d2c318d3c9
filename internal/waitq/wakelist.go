package waitq

import (
	"sync"

	"github.com/kettle-rt/kettle/internal/safecall"
	"github.com/kettle-rt/kettle/waker"
)

// wakeSite is what a panic report says a wake list was doing.
const wakeSite = "waitq: waking the waiters released by a sync primitive"

// WakeList collects wakers while a primitive holds its lock, to wake them
// after unlocking (waking under the lock would let a woken task on another
// worker spin on that lock). Its first eight wakers live inline, so a
// typical release allocates nothing.
type WakeList struct {
	inline [8]waker.Waker
	n      int
	more   []waker.Waker
}

// Add appends w (a no-op waker is skipped).
func (l *WakeList) Add(w waker.Waker) {
	if w.IsNoop() {
		return
	}
	if l.n < len(l.inline) {
		l.inline[l.n] = w
		l.n++
		return
	}
	l.more = append(l.more, w)
}

// WakeAll wakes every collected waker, in the order added, and empties the
// list. A waker that panics is reported (internal/safecall, to
// slog.Default at most once a second) and the others are still woken, so
// one faulty waker never strands the other waiters; one that calls
// runtime.Goexit is reported, the others are woken, and the calling
// goroutine then ends.
func (l *WakeList) WakeAll() {
	inline, more := l.inline[:l.n], l.more
	l.n, l.more = 0, l.more[:0]
	safecall.WakeAll(nil, wakeSite, inline)
	clear(inline)
	if len(more) > 0 {
		safecall.WakeAll(nil, wakeSite, more)
		clear(more)
	}
}

// WakeAllUnlock wakes every waiter queued when it is called, emptying q of
// them, in batches of a WakeList's inline size: each batch is popped under
// mu and woken with mu released, so waking allocates nothing however many
// wait and no waker runs under the lock. Waiters queued meanwhile may be
// popped in place of ones that left; their spurious wake-up is harmless.
// Called with mu locked; returns with it unlocked.
func (q *Queue[T]) WakeAllUnlock(mu sync.Locker) {
	n := q.Len()
	for {
		var wl WakeList
		for i := 0; i < len(wl.inline) && n > 0; i++ {
			w := q.PopFront()
			if w == nil {
				n = 0
				break
			}
			wl.Add(w.TakeWaker())
			n--
		}
		mu.Unlock()
		wl.WakeAll()
		if n == 0 {
			return
		}
		mu.Lock()
	}
}

// Wake wakes w as a primitive does after releasing its lock: a waker
// that panics is reported (internal/safecall) instead of panicking in the
// caller of Unlock, Send or Close, whose operation has completed. The
// primitives of package sync/* wake their single waiters through it.
func Wake(w waker.Waker) {
	if !w.IsNoop() {
		safecall.Wake(nil, wakeSite, w)
	}
}
