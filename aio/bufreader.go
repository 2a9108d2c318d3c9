package aio

import (
	"bytes"
	"fmt"
	"io"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// minBufSize is the smallest buffer NewBufReader and NewBufWriter use.
const minBufSize = 16

// BufReader adds a buffer to a [Reader], for reading lines and delimited
// records. Its state (the buffered bytes, how far a delimiter search got)
// lives in the BufReader, not in the futures it returns, which is why
// ReadUntil and ReadLine are cancel-safe. Use it from one task at a time.
type BufReader struct {
	r       Reader
	buf     []byte
	rpos    int   // buf[rpos:wpos] is buffered
	wpos    int   //
	scanned int   // buf[rpos:rpos+scanned] holds no delimiter (for the current search)
	err     error // sticky: io.EOF or r's error, returned once the buffer is drained
}

// NewBufReader returns a BufReader reading from r with a buffer of size
// bytes (at least 16). Panics if r is nil.
func NewBufReader(r Reader, size int) *BufReader {
	if r == nil {
		panic("aio.NewBufReader: nil reader")
	}
	size = max(size, minBufSize)
	return &BufReader{r: r, buf: make([]byte, size)}
}

// Buffered returns how many bytes can be read without polling r.
func (b *BufReader) Buffered() int { return b.wpos - b.rpos }

// PollRead reads from the buffer, refilling it with one PollRead of r when
// empty (a read of at least the buffer's size bypasses the buffer). It
// makes BufReader a [Reader]. Cancel-safe.
func (b *BufReader) PollRead(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	if len(p) == 0 {
		return future.Ready(future.Ok(0))
	}
	if b.rpos == b.wpos {
		if b.err != nil {
			return future.Ready(b.takeErr())
		}
		if len(p) >= len(b.buf) {
			return b.r.PollRead(cx, p)
		}
		if pending := b.fill(cx); pending {
			return future.Pending[future.Result[int]]()
		}
		if b.rpos == b.wpos {
			return future.Ready(b.takeErr())
		}
	}
	n := copy(p, b.buf[b.rpos:b.wpos])
	b.consume(n)
	return future.Ready(future.Ok(n))
}

// takeErr returns the sticky end: (0, nil) for end of stream, which stays
// sticky, or r's error, which is returned once.
func (b *BufReader) takeErr() future.Result[int] {
	if b.err == io.EOF {
		return future.Ok(0)
	}
	err := b.err
	b.err = nil
	return future.Err[int](err)
}

// PollFillBuf returns the buffered bytes, polling r once if there are
// none: a non-empty slice, an empty one at end of stream, or r's error.
// The slice is valid until the next call on b; mark what you used with
// [BufReader.Consume]. Cancel-safe.
func (b *BufReader) PollFillBuf(cx *future.Context) future.Poll[future.Result[[]byte]] {
	if b.rpos == b.wpos {
		if b.err == nil {
			if pending := b.fill(cx); pending {
				return future.Pending[future.Result[[]byte]]()
			}
		}
		if b.rpos == b.wpos {
			r := b.takeErr()
			return future.Ready(future.Result[[]byte]{Value: b.buf[:0], Err: r.Err})
		}
	}
	return future.Ready(future.Ok(b.buf[b.rpos:b.wpos]))
}

// Consume marks n buffered bytes as read. It panics if n is negative or
// more than [BufReader.Buffered].
func (b *BufReader) Consume(n int) {
	if n < 0 || n > b.Buffered() {
		panic(fmt.Sprintf("aio.BufReader.Consume: %d out of range [0, %d]", n, b.Buffered()))
	}
	b.consume(n)
}

func (b *BufReader) consume(n int) {
	b.rpos += n
	b.scanned = 0
	if b.rpos == b.wpos {
		b.rpos, b.wpos = 0, 0
	}
}

// fill moves buffered bytes to the front and polls r once for more. It
// reports true for Pending. End of stream and errors become b.err.
func (b *BufReader) fill(cx *future.Context) (pending bool) {
	if b.rpos > 0 {
		b.wpos = copy(b.buf, b.buf[b.rpos:b.wpos])
		b.rpos = 0
	}
	r, ok := b.r.PollRead(cx, b.buf[b.wpos:]).Get()
	if !ok {
		return true
	}
	b.wpos += r.Value
	switch {
	case r.Err != nil:
		b.err = r.Err
	case r.Value == 0:
		b.err = io.EOF
	}
	return false
}

// PollReadUntil is the poll-level form of [BufReader.ReadUntil].
func (b *BufReader) PollReadUntil(cx *future.Context, delim byte) future.Poll[future.Result[[]byte]] {
	for {
		if i := bytes.IndexByte(b.buf[b.rpos+b.scanned:b.wpos], delim); i >= 0 {
			end := b.rpos + b.scanned + i + 1
			line := b.buf[b.rpos:end]
			b.consume(end - b.rpos)
			return future.Ready(future.Ok(line))
		}
		b.scanned = b.wpos - b.rpos
		if b.err != nil {
			line := b.buf[b.rpos:b.wpos]
			b.consume(len(line))
			err := b.err
			if err != io.EOF {
				b.err = nil
			}
			return future.Ready(future.Result[[]byte]{Value: line, Err: err})
		}
		if b.Buffered() == len(b.buf) {
			line := b.buf[b.rpos:b.wpos]
			b.consume(len(line))
			return future.Ready(future.Result[[]byte]{Value: line, Err: ErrBufferFull})
		}
		if pending := b.fill(cx); pending {
			return future.Pending[future.Result[[]byte]]()
		}
	}
}

// ReadUntil returns a future of the next record ending with delim,
// delimiter included, like bufio.Reader.ReadSlice: a slice of the buffer,
// valid until the next read from b. At end of stream it yields the
// unterminated rest with io.EOF (an empty slice and io.EOF when nothing is
// left); if the buffer fills without delim it yields the whole buffer with
// [ErrBufferFull]. Cancel-safe: the partial record stays in the buffer, so
// a dropped ReadUntil loses nothing and the next one continues it.
func (b *BufReader) ReadUntil(delim byte) *ReadUntilFuture {
	return &ReadUntilFuture{b: b, delim: delim}
}

// ReadLine returns a future of the next line without its "\n" or "\r\n":
// a slice of the buffer, valid until the next read from b. A last line
// without a newline is returned with a nil error; after it, io.EOF. A line
// longer than the buffer yields [ErrBufferFull]. Cancel-safe, like
// [BufReader.ReadUntil].
func (b *BufReader) ReadLine() *ReadUntilFuture {
	return &ReadUntilFuture{b: b, delim: '\n', line: true}
}

// ReadUntilFuture is the future returned by [BufReader.ReadUntil] and
// [BufReader.ReadLine]: a future.Future[future.Result[[]byte]].
// Cancel-safe.
type ReadUntilFuture struct {
	b       *BufReader
	delim   byte
	line    bool // trim the newline; a final unterminated line is not an error
	done    bool
	dropped bool // Drop ran before Ready: a poll panics "after Drop"
}

// Poll reads until the delimiter. It panics after Ready or Drop.
func (f *ReadUntilFuture) Poll(cx *future.Context) future.Poll[future.Result[[]byte]] {
	if f.done {
		phase.Polled(f, f.dropped)
	}
	p := f.b.PollReadUntil(cx, f.delim)
	r, ok := p.Get()
	if !ok {
		return p
	}
	f.done = true
	if f.line {
		switch {
		case r.Err == nil:
			r.Value = bytes.TrimSuffix(bytes.TrimSuffix(r.Value, []byte{'\n'}), []byte{'\r'})
		case r.Err == io.EOF && len(r.Value) > 0:
			r.Value, r.Err = bytes.TrimSuffix(r.Value, []byte{'\r'}), nil
		}
	}
	return future.Ready(r)
}

// Drop cancels the read; the partial record stays buffered. Idempotent.
func (f *ReadUntilFuture) Drop() {
	if !f.done {
		f.done, f.dropped = true, true
	}
}
