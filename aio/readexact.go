package aio

import (
	"fmt"
	"io"

	"github.com/kettle-rt/kettle/future"
)

// ReadExact returns a future that fills p from r, like io.ReadFull: Ready
// with nil once len(p) bytes are read, io.EOF if r ended before any byte,
// io.ErrUnexpectedEOF if it ended midway, or r's error.
//
// ReadExact is NOT cancel-safe: if the future is dropped before it is
// ready, the bytes it already consumed from r are in p[:f.Filled()] but
// the caller, racing it in a select, usually forgets them, and r cannot
// give them back. To read a frame while also waiting on something else,
// keep the progress outside the future: read through a [BufReader]
// (ReadUntil and ReadLine keep partial data in its buffer) or loop on the
// cancel-safe Reader.PollRead with your own offset.
//
// Panics if r is nil.
func ReadExact(r Reader, p []byte) *ReadExactFuture {
	if r == nil {
		panic("aio.ReadExact: nil reader")
	}
	return &ReadExactFuture{r: r, p: p}
}

// ReadExactFuture is the future returned by [ReadExact]: a
// future.Future[error].
type ReadExactFuture struct {
	r    Reader
	p    []byte
	n    int
	done bool
}

// Poll reads until p is full, r ends or fails. It panics after Ready or
// Drop.
func (f *ReadExactFuture) Poll(cx *future.Context) future.Poll[error] {
	if f.done {
		panic(fmt.Sprintf("%T polled after completion", f))
	}
	for f.n < len(f.p) {
		r, ok := f.r.PollRead(cx, f.p[f.n:]).Get()
		if !ok {
			return future.Pending[error]()
		}
		f.n += r.Value
		switch {
		case r.Err != nil:
			f.done = true
			return future.Ready(r.Err)
		case r.Value == 0 && f.n == 0:
			f.done = true
			return future.Ready(io.EOF)
		case r.Value == 0:
			f.done = true
			return future.Ready(io.ErrUnexpectedEOF)
		}
	}
	f.done = true
	return future.Ready[error](nil)
}

// Filled returns how many bytes of p have been read so far.
func (f *ReadExactFuture) Filled() int { return f.n }

// Drop cancels the read. The bytes read so far stay in p[:Filled()] and
// are gone from the Reader. Idempotent.
func (f *ReadExactFuture) Drop() { f.done = true }
