package aio

import (
	"io"
	"sync"

	"github.com/kettle-rt/kettle/internal/goblock"
)

// NewIOReader returns a blocking io.Reader over r for goroutine code
// (bufio.Scanner, io.Copy, encoding/json): Read polls r and, while r is
// Pending, blocks the calling goroutine until r's waker fires. Sockets read
// this way are watched by the process-wide fallback reactor. End of stream
// (a Ready read of 0 bytes with no error) becomes io.EOF. Reads from
// several goroutines are serialized. Do not call it from inside a task: it
// blocks the worker.
func NewIOReader(r Reader) io.Reader {
	if r == nil {
		panic("aio.NewIOReader: nil Reader")
	}
	return &ioReader{r: r, park: goblock.NewParker()}
}

type ioReader struct {
	mu   sync.Mutex // serializes Read; guards park
	r    Reader
	park *goblock.Parker
}

func (b *ioReader) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		res, ok := b.r.PollRead(b.park.Context(), p).Get()
		if !ok {
			b.park.Wait(nil)
			continue
		}
		if res.Err == nil && res.Value == 0 && len(p) > 0 {
			return 0, io.EOF
		}
		return res.Value, res.Err
	}
}

// NewIOWriter returns a blocking io.Writer over w for goroutine code:
// Write polls w until all of p is written or it fails, blocking the
// calling goroutine while w is Pending, and returns how much was written
// (io.ErrShortWrite if w accepted nothing without an error). If w is a
// [Flusher], the writer also has a blocking Flush() error. Writes from
// several goroutines are serialized. Do not call it from inside a task.
func NewIOWriter(w Writer) io.Writer {
	if w == nil {
		panic("aio.NewIOWriter: nil Writer")
	}
	iw := &ioWriter{w: w, park: goblock.NewParker()}
	if f, ok := w.(Flusher); ok {
		return &ioFlushWriter{iw, f}
	}
	return iw
}

type ioWriter struct {
	mu   sync.Mutex // serializes Write and Flush; guards park
	w    Writer
	park *goblock.Parker
}

func (b *ioWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for n < len(p) {
		res, ok := b.w.PollWrite(b.park.Context(), p[n:]).Get()
		if !ok {
			b.park.Wait(nil)
			continue
		}
		n += res.Value
		if res.Err != nil {
			return n, res.Err
		}
		if res.Value == 0 {
			return n, errShortWrite
		}
	}
	return n, nil
}

// ioFlushWriter is an ioWriter over a Flusher.
type ioFlushWriter struct {
	*ioWriter
	f Flusher
}

// Flush blocks until the Writer's buffered bytes are written.
func (b *ioFlushWriter) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		if err, ok := b.f.PollFlush(b.park.Context()).Get(); ok {
			return err
		}
		b.park.Wait(nil)
	}
}
