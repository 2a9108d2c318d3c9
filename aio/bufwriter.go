package aio

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// BufWriter adds a buffer to a [Writer]: small writes are gathered and
// written out when the buffer fills or on Flush. The buffered bytes live in
// the BufWriter, so a dropped Flush loses nothing. After an error from the
// underlying writer, every later write and flush returns that error. Use it
// from one task at a time; call Flush before you are done.
type BufWriter struct {
	w     Writer
	buf   []byte
	start int // buf[start:n] is buffered and not yet written
	n     int
	err   error // sticky
}

// NewBufWriter returns a BufWriter writing to w with a buffer of size bytes
// (at least 16). Panics if w is nil.
func NewBufWriter(w Writer, size int) *BufWriter {
	if w == nil {
		panic("aio.NewBufWriter: nil writer")
	}
	size = max(size, minBufSize)
	return &BufWriter{w: w, buf: make([]byte, size)}
}

// Buffered returns how many bytes wait to be written.
func (b *BufWriter) Buffered() int { return b.n - b.start }

// Available returns how many bytes fit in the buffer now.
func (b *BufWriter) Available() int { return len(b.buf) - b.n }

// PollWrite accepts a prefix of p: it copies what fits into the buffer,
// first writing the buffer out if it is full, and hands a write of at
// least the buffer's size straight to w when nothing is buffered. It makes
// BufWriter a [Writer]. Pending means nothing of p was accepted.
func (b *BufWriter) PollWrite(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	if b.err != nil {
		return future.Ready(future.Err[int](b.err))
	}
	if len(p) == 0 {
		return future.Ready(future.Ok(0))
	}
	if b.Buffered() == 0 && len(p) >= len(b.buf) {
		r := b.w.PollWrite(cx, p)
		if v, ok := r.Get(); ok && v.Err != nil {
			b.err = v.Err
		}
		return r
	}
	if b.Available() == 0 {
		if err, ok := b.pollDrain(cx).Get(); !ok {
			return future.Pending[future.Result[int]]()
		} else if err != nil {
			return future.Ready(future.Err[int](err))
		}
	}
	k := copy(b.buf[b.n:], p)
	b.n += k
	return future.Ready(future.Ok(k))
}

// pollDrain writes the buffer out to w.
func (b *BufWriter) pollDrain(cx *future.Context) future.Poll[error] {
	for b.start < b.n {
		r, ok := b.w.PollWrite(cx, b.buf[b.start:b.n]).Get()
		if !ok {
			return future.Pending[error]()
		}
		b.start += r.Value
		if r.Err == nil && r.Value == 0 {
			r.Err = errShortWrite
		}
		if r.Err != nil {
			b.err = r.Err
			return future.Ready(r.Err)
		}
	}
	b.start, b.n = 0, 0
	return future.Ready[error](nil)
}

// PollFlush writes every buffered byte to w, then flushes w if it is a
// [Flusher] ([Flusher]). Cancel-safe: progress is kept in b.
func (b *BufWriter) PollFlush(cx *future.Context) future.Poll[error] {
	if b.err != nil {
		return future.Ready(b.err)
	}
	if p := b.pollDrain(cx); !p.IsReady() {
		return p
	} else if err, _ := p.Get(); err != nil {
		return p
	}
	if f, ok := b.w.(Flusher); ok {
		return f.PollFlush(cx)
	}
	return future.Ready[error](nil)
}

// Flush returns a future that writes out the buffer (see
// [BufWriter.PollFlush]). Cancel-safe.
func (b *BufWriter) Flush() *FlushFuture { return &FlushFuture{b: b} }

// FlushFuture is the future returned by [BufWriter.Flush]: a
// future.Future[error]. Cancel-safe.
type FlushFuture struct {
	b       *BufWriter
	done    bool
	dropped bool // Drop ran before Ready: a poll panics "after Drop"
}

// Poll flushes. It panics after Ready or Drop.
func (f *FlushFuture) Poll(cx *future.Context) future.Poll[error] {
	if f.done {
		phase.Polled(f, f.dropped)
	}
	p := f.b.PollFlush(cx)
	f.done = p.IsReady()
	return p
}

// Drop cancels the flush; unwritten bytes stay buffered. Idempotent.
func (f *FlushFuture) Drop() {
	if !f.done {
		f.done, f.dropped = true, true
	}
}
