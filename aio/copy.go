package aio

import (
	"io"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// copyBufSize is Copy's buffer size, as io.Copy's.
const copyBufSize = 32 << 10

// Copy returns a future that reads src until end of stream and writes
// everything to dst, then flushes dst if it is a [Flusher]. It is Ready
// with the number of bytes written and nil, or with the count so far and
// the first error. While src has nothing to read, Copy flushes a Flusher
// dst, so a buffered writer never holds data back from a peer that waits
// for it.
//
// Copy is NOT cancel-safe: dropped midway, the bytes read from src but not
// yet written to dst (at most 32 KiB) are lost. [CopyFuture.Copied] tells
// how many reached dst. The buffer is one allocation, made on first poll.
//
// Cooperative: every read of src spends a unit of the task's budget, and
// when the budget is spent Copy returns Pending (having woken its task), so
// copying between always-ready ends cannot starve the other tasks.
//
// Panics if dst or src is nil.
func Copy(dst Writer, src Reader) *CopyFuture {
	if dst == nil || src == nil {
		panic("aio.Copy: nil reader or writer")
	}
	f := &CopyFuture{dst: dst, src: src}
	f.flusher, _ = dst.(Flusher)
	return f
}

// CopyFuture is the future returned by [Copy]: a
// future.Future[future.Result[int64]].
type CopyFuture struct {
	dst        Writer
	src        Reader
	flusher    Flusher
	buf        []byte
	start, end int   // buf[start:end] is read but not yet written
	total      int64 // bytes written to dst
	unflushed  bool  // written to a Flusher since its last flush
	eof        bool
	done       bool
	dropped    bool // Drop ran before Ready: a poll panics "after Drop"
}

// Poll copies until src ends (and dst is flushed) or an error occurs. It
// panics after Ready or Drop.
func (f *CopyFuture) Poll(cx *future.Context) future.Poll[future.Result[int64]] {
	if f.done {
		phase.Polled(f, f.dropped)
	}
	if f.buf == nil {
		f.buf = make([]byte, copyBufSize)
	}
	for {
		for f.start < f.end {
			r, ok := f.dst.PollWrite(cx, f.buf[f.start:f.end]).Get()
			if !ok {
				return future.Pending[future.Result[int64]]()
			}
			f.start += r.Value
			f.total += int64(r.Value)
			f.unflushed = f.flusher != nil
			if r.Err == nil && r.Value == 0 {
				r.Err = io.ErrShortWrite
			}
			if r.Err != nil {
				return f.finish(r.Err)
			}
		}
		if f.eof {
			if f.flusher != nil {
				err, ok := f.flusher.PollFlush(cx).Get()
				if !ok {
					return future.Pending[future.Result[int64]]()
				}
				return f.finish(err)
			}
			return f.finish(nil)
		}
		// Each round spends a unit of the task's budget, so a copy between
		// ends that are always ready (in-memory pipes, a fast local peer)
		// yields to the other tasks instead of monopolizing the worker.
		// The buffer is empty here: yielding loses nothing.
		if !cx.ConsumeBudget() {
			return future.Pending[future.Result[int64]]()
		}
		r, ok := f.src.PollRead(cx, f.buf).Get()
		if !ok {
			if f.unflushed {
				if err, ok := f.flusher.PollFlush(cx).Get(); ok {
					f.unflushed = false
					if err != nil {
						return f.finish(err)
					}
				}
			}
			return future.Pending[future.Result[int64]]()
		}
		if r.Err != nil {
			return f.finish(r.Err)
		}
		if r.Value == 0 {
			f.eof = true
		}
		f.start, f.end = 0, r.Value
	}
}

func (f *CopyFuture) finish(err error) future.Poll[future.Result[int64]] {
	f.done = true
	f.buf = nil
	return future.Ready(future.Result[int64]{Value: f.total, Err: err})
}

// Copied returns how many bytes have been written to dst so far.
func (f *CopyFuture) Copied() int64 { return f.total }

// Drop cancels the copy; buffered bytes not yet written are lost.
// Idempotent.
func (f *CopyFuture) Drop() {
	if !f.done {
		f.dropped = true
	}
	f.done = true
	f.buf = nil
}
