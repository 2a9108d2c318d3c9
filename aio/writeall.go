package aio

import (
	"io"

	"github.com/kettle-rt/kettle/future"
)

// WriteAll returns a future that writes all of p to w: Ready with nil once
// done, w's error, or io.ErrShortWrite if w accepted nothing without an
// error.
//
// WriteAll is NOT cancel-safe: dropped midway, a prefix of p
// ([WriteAllFuture.Written] bytes) has been written and the rest has not.
// To race a write against something else without tearing the stream,
// write into a [BufWriter] (whose buffer keeps what was accepted) or loop
// on the cancel-safe Writer.PollWrite with your own offset.
//
// Panics if w is nil.
func WriteAll(w Writer, p []byte) *WriteAllFuture {
	if w == nil {
		panic("aio.WriteAll: nil writer")
	}
	return &WriteAllFuture{w: w, progress: progress{p: p}}
}

// WriteAllFuture is the future returned by [WriteAll]: a
// future.Future[error].
type WriteAllFuture struct {
	w Writer
	progress
}

// Poll writes until p is all written or w fails. It panics after Ready or
// Drop.
func (f *WriteAllFuture) Poll(cx *future.Context) future.Poll[error] {
	return f.poll(f, cx, f.w.PollWrite, writeShort)
}

// writeShort is WriteAll's error for a writer that accepted nothing.
func writeShort(int) error { return io.ErrShortWrite }

// Written returns how many bytes of p have been written so far.
func (f *WriteAllFuture) Written() int { return f.n }

// Drop cancels the write; Written bytes stay written. Idempotent.
func (f *WriteAllFuture) Drop() { f.drop() }
