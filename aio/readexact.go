package aio

import (
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
	return &ReadExactFuture{r: r, progress: progress{p: p}}
}

// ReadExactFuture is the future returned by [ReadExact]: a
// future.Future[error].
type ReadExactFuture struct {
	r Reader
	progress
}

// Poll reads until p is full, r ends or fails. It panics after Ready or
// Drop.
func (f *ReadExactFuture) Poll(cx *future.Context) future.Poll[error] {
	return f.poll(f, cx, f.r.PollRead, readShort)
}

// readShort is ReadExact's error for a reader that ended after n bytes.
func readShort(n int) error {
	if n == 0 {
		return io.EOF
	}
	return io.ErrUnexpectedEOF
}

// Filled returns how many bytes of p have been read so far.
func (f *ReadExactFuture) Filled() int { return f.n }

// Drop cancels the read. The bytes read so far stay in p[:Filled()] and
// are gone from the Reader. Idempotent.
func (f *ReadExactFuture) Drop() { f.drop() }
