package aio

import (
	"io"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/offload"
)

// bridgeBuf is the size of the buffer of FromIOReader and FromIOWriter:
// the most one blocking call reads or writes.
const bridgeBuf = 32 << 10

// FromIOReader returns a [Reader] over a blocking io.Reader (a file, a
// pipe, os.Stdin, a decompressor): each read runs r.Read on the blocking
// pool of the executor that polls it, so no worker blocks. The data lands
// in the adapter's own buffer, and PollRead copies from there, so PollRead
// stays cancel-safe: bytes read for a dropped read are kept for the next
// one. io.EOF becomes the Ready read of 0 bytes. One task at a time may
// read it.
func FromIOReader(r io.Reader) Reader {
	if r == nil {
		panic("aio.FromIOReader: nil io.Reader")
	}
	return &asyncReader{r: r}
}

// readOut is the outcome of one blocking Read.
type readOut struct {
	n   int
	err error
}

type asyncReader struct {
	r        io.Reader
	buf      []byte // owned by the job while op is in flight
	off, end int    // buf[off:end] is read but not yet handed out
	err      error  // r's error, reported once buf is drained; io.EOF is sticky
	op       *offload.Future[readOut]
}

func (a *asyncReader) PollRead(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	if len(p) == 0 {
		return future.Ready(future.Ok(0))
	}
	for {
		if a.off < a.end {
			n := copy(p, a.buf[a.off:a.end])
			a.off += n
			return future.Ready(future.Ok(n))
		}
		if a.err != nil {
			if a.err == io.EOF {
				return future.Ready(future.Ok(0))
			}
			err := a.err
			a.err = nil
			return future.Ready(future.Err[int](err))
		}
		if a.op == nil {
			if a.buf == nil {
				a.buf = make([]byte, bridgeBuf)
			}
			buf, r := a.buf[:min(len(p), len(a.buf))], a.r
			a.op = offload.Run("aio.FromIOReader", func() readOut {
				n, err := r.Read(buf)
				return readOut{n, err}
			}, nil)
		}
		out, ok := a.op.Poll(cx).Get()
		if !ok {
			return future.Pending[future.Result[int]]()
		}
		a.op = nil
		a.off, a.end, a.err = 0, max(out.n, 0), out.err
	}
}

// FromIOWriter returns a [Writer] (and [Flusher]) over a blocking
// io.Writer: PollWrite copies up to 32 KiB of p into the adapter's buffer,
// starts w.Write on the blocking pool of the executor that polls it and is
// Ready at once with that count (tokio's write-behind, as in tokio::fs);
// the next PollWrite or PollFlush waits for that write first and reports
// its error. So Ready means "accepted", Pending means nothing was accepted,
// and only PollFlush Ready(nil) means written. One task at a time may
// write it.
func FromIOWriter(w io.Writer) Writer {
	if w == nil {
		panic("aio.FromIOWriter: nil io.Writer")
	}
	return &asyncWriter{w: w}
}

type asyncWriter struct {
	w   io.Writer
	buf []byte // owned by the job while op is in flight
	op  *offload.Future[error]
	err error // a failed write, reported by the next call; sticky
}

// pollInflight waits for the write in flight, if any.
func (a *asyncWriter) pollInflight(cx *future.Context) bool {
	if a.op == nil {
		return true
	}
	err, ok := a.op.Poll(cx).Get()
	if !ok {
		return false
	}
	a.op = nil
	if err != nil && a.err == nil {
		a.err = err
	}
	return true
}

func (a *asyncWriter) PollWrite(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	if !a.pollInflight(cx) {
		return future.Pending[future.Result[int]]()
	}
	if a.err != nil {
		return future.Ready(future.Err[int](a.err))
	}
	if len(p) == 0 {
		return future.Ready(future.Ok(0))
	}
	n := min(len(p), bridgeBuf)
	a.buf = append(a.buf[:0], p[:n]...)
	buf, w := a.buf, a.w
	a.op = offload.Run("aio.FromIOWriter", func() error {
		m, err := w.Write(buf)
		if err == nil && m < len(buf) {
			err = io.ErrShortWrite
		}
		return err
	}, nil)
	// Start it now; its outcome is collected by the next call.
	if err, done := a.op.Poll(cx).Get(); done {
		a.op, a.err = nil, err
	}
	return future.Ready(future.Ok(n))
}

func (a *asyncWriter) PollFlush(cx *future.Context) future.Poll[error] {
	if !a.pollInflight(cx) {
		return future.Pending[error]()
	}
	return future.Ready(a.err)
}
