package aio

import "github.com/kettle-rt/kettle/future"

// Reader is a source of bytes read by polling: the async io.Reader.
//
// PollRead reads up to len(p) bytes into p. It returns Ready with n > 0
// bytes read, Ready with n == 0 and a nil error at end of stream (or when
// len(p) == 0), Ready with an error, or Pending after arranging for
// cx.Waker() to be woken when reading can make progress. Pending means
// nothing was read: PollRead is cancel-safe.
type Reader interface {
	PollRead(cx *future.Context, p []byte) future.Poll[future.Result[int]]
}

// Writer is a sink of bytes written by polling: the async io.Writer.
//
// PollWrite writes a prefix of p. It returns Ready with 0 < n <= len(p)
// bytes written (0 only when len(p) == 0 or with an error), Ready with an
// error, or Pending after arranging for cx.Waker() to be woken. Pending
// means nothing was written.
type Writer interface {
	PollWrite(cx *future.Context, p []byte) future.Poll[future.Result[int]]
}

// Flusher is a Writer that buffers: PollFlush pushes buffered bytes to the
// underlying sink, Ready(nil) once all are written. [BufWriter] is one;
// [Copy] flushes its destination when it implements Flusher.
type Flusher interface {
	PollFlush(cx *future.Context) future.Poll[error]
}
