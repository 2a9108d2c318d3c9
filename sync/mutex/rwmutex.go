package mutex

import (
	"strconv"

	"github.com/kettle-rt/kettle/internal/footprint"
	"github.com/kettle-rt/kettle/internal/taskcx"

	"github.com/kettle-rt/kettle/internal/nocopy"
	"github.com/kettle-rt/kettle/internal/waitq"
)

// RWMutex is an async reader/writer lock that owns a value of type T: any
// number of readers ([RWMutex.Read], [ReadGuard]) or one writer
// ([RWMutex.Write], [WriteGuard]) at a time.
//
// Fairness: one FIFO line for readers and writers alike, and the lock is
// write-preferring: once a writer waits, readers that arrive later queue
// behind it, so a stream of readers cannot starve a writer. When the lock is
// released, the waiters at the front of the line are granted it directly
// (hand-off): a writer alone, or every reader up to the next writer.
//
// The zero RWMutex is not usable; build one with [NewRW]. It must not be
// copied after first use.
type RWMutex[T any] struct {
	_  nocopy.NoCopy
	mu footprint.Mutex
	// State below is guarded by mu. Invariants: writer and readers > 0 are
	// never both true; a granted waiter that has not yet observed its grant
	// is already counted in readers or writer.
	readers    int    // read holds (guards and granted waiters)
	writer     bool   // a write guard or a granted writer owns the lock
	writerTask string // task name of the writer; "" if unknown
	// Holders' tasks, for wait-for graphs (deadlock proofs with the real
	// clock, see WaitsFor): writerTok is the writer's task (nil: unknown,
	// TryWrite); readerToks has one entry per read hold taken by a task
	// (a task holding two reads appears twice); untracked counts the read
	// holds without a task (TryRead). readers == len(readerToks)+untracked.
	writerTok  *taskcx.Token
	readerToks []*taskcx.Token
	untracked  int
	waiters    waitq.Queue[rwWaiter]
	name       string // immutable after NewRW
	value      T
}

// rwWaiter is a Read or Write future's place in line, guarded by RWMutex.mu.
type rwWaiter struct {
	write   bool          // a writer (else a reader)
	granted bool          // the lock was handed to this waiter; it now holds it
	task    string        // name of the waiting task
	tok     *taskcx.Token // the waiting task (nil outside an executor)
}

// NewRW returns an unlocked RWMutex holding v. Options: [Name].
func NewRW[T any](v T, opts ...Option) *RWMutex[T] {
	c := newConfig(opts)
	return &RWMutex[T]{value: v, name: c.name}
}

// Read returns a future that resolves to a [ReadGuard] once the caller
// shares the lock for reading. It joins the line at its first poll; it gets
// the lock at once only if no writer holds it and nobody waits.
//
// Cancel-safe: a dropped Read leaves the line at once, or, if the read lock
// had been granted to it, releases it. Cost: one allocation.
func (rw *RWMutex[T]) Read() *ReadFuture[T] {
	return &ReadFuture[T]{c: rwCore[T]{rw: rw}}
}

// Write returns a future that resolves to a [WriteGuard] once the caller
// owns the lock alone. It joins the line at its first poll; it gets the lock
// at once only if nobody holds it and nobody waits.
//
// Cancel-safe: a dropped Write leaves the line at once (readers queued
// behind it may then proceed), or, if the lock had been granted to it,
// passes it on. Cost: one allocation.
func (rw *RWMutex[T]) Write() *WriteFuture[T] {
	return &WriteFuture[T]{c: rwCore[T]{rw: rw, write: true}}
}

// TryRead takes a read lock if no writer holds the lock and nobody waits
// (write preference: a waiting writer makes it fail). Cost: one allocation.
func (rw *RWMutex[T]) TryRead() (*ReadGuard[T], bool) {
	rw.mu.Lock()
	if !rw.canTake(false) {
		rw.mu.Unlock()
		return nil, false
	}
	rw.readers++
	rw.untracked++
	rw.mu.Unlock()
	return &ReadGuard[T]{rw: rw}, true
}

// TryWrite takes the write lock if nobody holds the lock and nobody waits.
// Cost: one allocation.
func (rw *RWMutex[T]) TryWrite() (*WriteGuard[T], bool) {
	rw.mu.Lock()
	if !rw.canTake(true) {
		rw.mu.Unlock()
		return nil, false
	}
	rw.writer = true
	rw.writerTask = ""
	rw.writerTok = nil
	rw.mu.Unlock()
	return &WriteGuard[T]{rw: rw}, true
}

// canTake reports, with rw.mu held, whether a newcomer may take the lock
// without queueing: nobody waits, and the lock is compatible.
func (rw *RWMutex[T]) canTake(write bool) bool {
	if rw.waiters.Len() != 0 || rw.writer {
		return false
	}
	return !write || rw.readers == 0
}

// take records a hold by the task tok (nil: unknown) named task, with
// rw.mu held.
func (rw *RWMutex[T]) take(write bool, task string, tok *taskcx.Token) {
	if write {
		rw.writer = true
		rw.writerTask = task
		rw.writerTok = tok
		return
	}
	rw.readers++
	if tok == nil {
		rw.untracked++
	} else {
		rw.readerToks = append(rw.readerToks, tok)
	}
}

// release gives up one hold (a reader's or the writer's) and grants the lock
// to the waiters at the front of the line, waking them after unlocking.
func (rw *RWMutex[T]) release(write bool, tok *taskcx.Token) {
	var wl waitq.WakeList
	rw.mu.Lock()
	rw.releaseLocked(write, tok)
	rw.grantLocked(&wl)
	rw.mu.Unlock()
	wl.WakeAll()
}

// releaseLocked drops one hold, taken by the task tok, with rw.mu held.
func (rw *RWMutex[T]) releaseLocked(write bool, tok *taskcx.Token) {
	if write {
		rw.writer = false
		rw.writerTask = ""
		rw.writerTok = nil
		return
	}
	rw.readers--
	if tok == nil {
		rw.untracked--
		return
	}
	for i, t := range rw.readerToks {
		if t == tok {
			last := len(rw.readerToks) - 1
			rw.readerToks[i] = rw.readerToks[last]
			rw.readerToks[last] = nil
			rw.readerToks = rw.readerToks[:last]
			return
		}
	}
}

// waitsForLocked appends, with rw.mu held, the tasks whose release the
// queued waiter w needs (taskcx.WaitsFor): every holder, and every waiter
// ahead of w in line (one that gives up may let w in: a reader behind a
// writer that leaves). The list is incomplete (false) when a holder or a
// waiter ahead has no known task (TryRead, TryWrite, a poll outside an
// executor) or w is no longer in line.
func (rw *RWMutex[T]) waitsForLocked(w *waitq.Waiter[rwWaiter], dst []*taskcx.Token) ([]*taskcx.Token, bool) {
	if !w.Queued() {
		return dst, false
	}
	if rw.writer {
		if rw.writerTok == nil {
			return dst, false
		}
		dst = append(dst, rw.writerTok)
	}
	if rw.untracked > 0 {
		return dst, false
	}
	dst = append(dst, rw.readerToks...)
	for x := rw.waiters.Front(); x != nil && x != w; x = rw.waiters.Next(x) {
		if x.Value.tok == nil {
			return dst, false
		}
		dst = append(dst, x.Value.tok)
	}
	return dst, true
}

// grantLocked hands the lock, with rw.mu held, to the front of the line: a
// writer if nobody holds the lock, or every reader up to the first writer
// if no writer holds it. The granted waiters' wakers go to wl.
func (rw *RWMutex[T]) grantLocked(wl *waitq.WakeList) {
	for w := rw.waiters.Front(); w != nil; w = rw.waiters.Front() {
		if rw.writer || (w.Value.write && rw.readers > 0) {
			return
		}
		rw.waiters.PopFront()
		w.Value.granted = true
		rw.take(w.Value.write, w.Value.task, w.Value.tok)
		wl.Add(w.TakeWaker())
		if w.Value.write {
			return
		}
	}
}

// holderString describes who holds rw, for reports; "" if free or unknown.
func (rw *RWMutex[T]) holderString() string {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	switch {
	case rw.writer && rw.writerTask != "":
		return "task " + strconv.Quote(rw.writerTask)
	case rw.readers == 1:
		return "1 reader"
	case rw.readers > 1:
		return strconv.Itoa(rw.readers) + " readers"
	}
	return ""
}
