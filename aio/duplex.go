package aio

import (
	"fmt"
	"io"
	"sync"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/waker"
)

// Duplex returns the two ends of an in-memory, bidirectional byte pipe
// (tokio::io::duplex): what one end writes the other reads, in order. Each
// direction buffers up to maxBuf bytes: a write to a full direction is
// Pending until the peer reads; a read of an empty direction is Pending
// until the peer writes or closes. For tests of protocol code written
// against [Reader] and [Writer], without sockets.
//
// Both ends may be used from different tasks, executors or goroutines
// (each direction is guarded by its own mutex); one reader and one writer
// per end at a time, as for a socket. Reads and writes that make progress
// spend a unit of the task's cooperative budget, as socket I/O does.
//
// Panics with "aio.Duplex: maxBuf = 0, want maxBuf >= 1" for maxBuf < 1.
// Cost: the two ends and two buffers, each growing to at most maxBuf
// bytes; a read or write allocates nothing once its buffer has grown.
func Duplex(maxBuf int) (*DuplexStream, *DuplexStream) {
	if maxBuf < 1 {
		panic(fmt.Sprintf("aio.Duplex: maxBuf = %d, want maxBuf >= 1", maxBuf))
	}
	ab, ba := &pipe{max: maxBuf}, &pipe{max: maxBuf}
	return &DuplexStream{read: ba, write: ab}, &DuplexStream{read: ab, write: ba}
}

// DuplexStream is one end of a [Duplex] pipe: a [Reader] and a [Writer].
//
// PollRead returns the bytes buffered so far (up to len(p)); (0, nil) once
// the peer has closed and everything it wrote was read; io.ErrClosedPipe
// after this end's own Close. PollWrite buffers as much of p as fits;
// io.ErrClosedPipe after either end closed. Both are cancel-safe: Pending
// moves no byte.
type DuplexStream struct {
	read, write *pipe
}

// PollRead reads what the peer has written. Cancel-safe.
func (d *DuplexStream) PollRead(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	return d.read.pollRead(cx, p)
}

// PollWrite writes for the peer to read. Cancel-safe.
func (d *DuplexStream) PollWrite(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	return d.write.pollWrite(cx, p)
}

// Read returns a future of one PollRead: the number of bytes read, 0 at
// end of stream. Cancel-safe.
func (d *DuplexStream) Read(p []byte) future.Future[future.Result[int]] {
	return &duplexRead{d: d, p: p}
}

// Write returns a future that writes all of p (as [WriteAll], with the
// count): NOT cancel-safe, a dropped Write may have written a prefix.
func (d *DuplexStream) Write(p []byte) future.Future[future.Result[int]] {
	n := len(p)
	return future.Map(WriteAll(d, p), func(err error) future.Result[int] {
		if err != nil {
			return future.Result[int]{Err: err}
		}
		return future.Ok(n)
	})
}

// Close closes this end: the peer reads what is buffered, then end of
// stream, and its writes fail with io.ErrClosedPipe; this end's reads and
// writes fail with io.ErrClosedPipe. Waiting tasks on both sides are
// woken. Closing twice is a no-op; Close always returns nil.
func (d *DuplexStream) Close() error {
	d.write.closeWriter()
	d.read.closeReader()
	return nil
}

// pipe is one direction of a Duplex: bytes buf[r:] are buffered, written
// by one end and read by the other. Everything is guarded by mu; wakers
// are woken after unlocking.
type pipe struct {
	mu           sync.Mutex
	buf          []byte
	r            int
	max          int
	readerClosed bool
	writerClosed bool
	readWaker    waker.Waker // the reader waiting for bytes or the end
	writeWaker   waker.Waker // the writer waiting for room
}

func (q *pipe) pollRead(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	q.mu.Lock()
	if q.readerClosed {
		q.mu.Unlock()
		return future.Ready(future.Result[int]{Err: io.ErrClosedPipe})
	}
	avail := len(q.buf) - q.r
	if avail == 0 && !q.writerClosed && len(p) > 0 {
		q.readWaker = cx.Waker()
		q.mu.Unlock()
		cx.SetWaitingOn(duplexWait("aio.Duplex read"))
		return future.Pending[future.Result[int]]()
	}
	if !cx.ConsumeBudget() {
		q.mu.Unlock()
		return future.Pending[future.Result[int]]()
	}
	n := copy(p, q.buf[q.r:])
	q.r += n
	if q.r == len(q.buf) {
		q.buf, q.r = q.buf[:0], 0
	}
	var w waker.Waker
	if n > 0 {
		w, q.writeWaker = q.writeWaker, waker.Waker{}
	}
	q.mu.Unlock()
	w.Wake()
	return future.Ready(future.Ok(n))
}

func (q *pipe) pollWrite(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	q.mu.Lock()
	if q.writerClosed || q.readerClosed {
		q.mu.Unlock()
		return future.Ready(future.Result[int]{Err: io.ErrClosedPipe})
	}
	room := q.max - (len(q.buf) - q.r)
	if room == 0 && len(p) > 0 {
		q.writeWaker = cx.Waker()
		q.mu.Unlock()
		cx.SetWaitingOn(duplexWait("aio.Duplex write"))
		return future.Pending[future.Result[int]]()
	}
	if !cx.ConsumeBudget() {
		q.mu.Unlock()
		return future.Pending[future.Result[int]]()
	}
	n := min(room, len(p))
	if q.r > 0 && len(q.buf)+n > cap(q.buf) {
		k := copy(q.buf, q.buf[q.r:])
		q.buf, q.r = q.buf[:k], 0
	}
	q.buf = append(q.buf, p[:n]...)
	var w waker.Waker
	if n > 0 {
		w, q.readWaker = q.readWaker, waker.Waker{}
	}
	q.mu.Unlock()
	w.Wake()
	return future.Ready(future.Ok(n))
}

// closeWriter ends the direction for its reader (after the buffered bytes).
func (q *pipe) closeWriter() {
	q.mu.Lock()
	q.writerClosed = true
	r, w := q.readWaker, q.writeWaker
	q.readWaker, q.writeWaker = waker.Waker{}, waker.Waker{}
	q.mu.Unlock()
	r.Wake()
	w.Wake()
}

// closeReader makes the direction's writes fail and drops its bytes.
func (q *pipe) closeReader() {
	q.mu.Lock()
	q.readerClosed = true
	q.buf, q.r = nil, 0
	r, w := q.readWaker, q.writeWaker
	q.readWaker, q.writeWaker = waker.Waker{}, waker.Waker{}
	q.mu.Unlock()
	r.Wake()
	w.Wake()
}

// duplexWait names what a pending Duplex operation waits on.
type duplexWait string

func (d duplexWait) String() string { return string(d) }

// duplexRead is the future of [DuplexStream.Read].
type duplexRead struct {
	d       *DuplexStream
	p       []byte
	done    bool
	dropped bool
}

func (f *duplexRead) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	if f.done {
		phase.Polled(f, f.dropped)
	}
	p := f.d.PollRead(cx, f.p)
	f.done = p.IsReady()
	return p
}

func (f *duplexRead) Drop() {
	if !f.done {
		f.done, f.dropped = true, true
	}
}
