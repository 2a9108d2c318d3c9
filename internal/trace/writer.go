package trace

import (
	"bufio"
	"errors"
	"io"
	"sync"
)

// ErrClosed is returned by [Writer.Write] after [Writer.Close].
var ErrClosed = errors.New("trace: writer closed")

// Writer assembles chunks of encoded events into one JSON array on an
// io.Writer. Every method is safe from any goroutine (a mutex serializes
// them); a chunk is written whole, so events from several pollers never
// interleave mid-event.
//
// Chunks are built with the Append functions of this package: every event
// starts with ",\n" and the Writer drops the comma of the very first event
// of the file, so the output is the array "[\n{…},\n{…}\n]\n". The first
// error of the underlying writer is sticky: later writes are skipped and
// Close returns it.
type Writer struct {
	mu     sync.Mutex
	bw     *bufio.Writer
	closer io.Closer // closed by Close if non-nil (a file the caller opened for us)
	empty  bool      // no event written yet
	closed bool
	err    error
}

// NewWriter returns a Writer on w. If c is non-nil, Close closes it after
// the final flush.
func NewWriter(w io.Writer, c io.Closer) *Writer {
	return &Writer{bw: bufio.NewWriterSize(w, 64<<10), closer: c, empty: true}
}

// Write appends a chunk of events produced by the Append functions. An
// empty chunk is a no-op. Returns ErrClosed after Close, or the sticky
// error of the underlying writer.
func (w *Writer) Write(chunk []byte) error {
	if len(chunk) == 0 {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	if w.empty {
		w.empty = false
		_, w.err = w.bw.WriteString("[\n")
		chunk = chunk[min(2, len(chunk)):] // the first event's ",\n"
	}
	if w.err == nil {
		_, w.err = w.bw.Write(chunk)
	}
	return w.err
}

// Flush pushes buffered bytes to the underlying writer.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return w.err
	}
	if w.err == nil {
		w.err = w.bw.Flush()
	}
	return w.err
}

// Close ends the array, flushes, and closes the underlying closer if one
// was given. A trace with no event is the empty array "[]". Closing twice
// returns nil the second time.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if w.err == nil {
		if w.empty {
			_, w.err = w.bw.WriteString("[")
		}
		if w.err == nil {
			_, w.err = w.bw.WriteString("\n]\n")
		}
		if w.err == nil {
			w.err = w.bw.Flush()
		}
	}
	if w.closer != nil {
		if err := w.closer.Close(); w.err == nil {
			w.err = err
		}
	}
	return w.err
}
