package httpserver

import (
	"errors"
	"fmt"
	"io"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

const (
	// ReadBufSize is each connection's read buffer: the longest request
	// line or header line accepted (longer ones are answered 414 or 431).
	ReadBufSize = 4 << 10
	// flushAt is how much answered output a connection gathers before it
	// writes it out even though more pipelined requests are buffered.
	flushAt = 16 << 10
	// lingerMax bounds how many bytes a closing connection reads and
	// discards after its last answer (see Conn.linger).
	lingerMax = 64 << 10
)

// Conn serves one HTTP/1.1 connection: a future.Future[error] that reads
// requests, answers them in order, and is ready when the connection ends:
// with nil after the peer closed its side or after an answer that closed
// the connection, or with the I/O error that ended it. Spawn it as a task:
// [Server] does.
//
// Memory: a Conn holds its stream, a [ReadBufSize] aio.BufReader and an
// output buffer that grows to the largest pipelined burst (about 160 bytes
// per answer). A poll allocates nothing in steady state.
//
// Cancellation: Drop closes the stream; answers not yet written are lost
// (the client sees the connection close, as when a server restarts).
type Conn struct {
	s       *tcp.Stream
	rd      *aio.BufReader
	head    Head
	out     []byte // answers not yet written: out[outPos:]
	outPos  int
	discard int64 // body bytes still to skip
	closing bool  // close once out is written
	linger  int   // > 0: write side shut, bytes discarded so far + 1
	done    bool  // Ready returned or dropped
}

// NewConn returns the future serving s; it owns s from now on. Panics with
// "httpserver.NewConn: nil stream" if s is nil.
func NewConn(s *tcp.Stream) *Conn {
	if s == nil {
		panic("httpserver.NewConn: nil stream")
	}
	return &Conn{s: s, rd: aio.NewBufReader(s, ReadBufSize)}
}

// Poll serves requests until the input would block (Pending, after
// writing every answer so far) or the connection ends (Ready). It panics
// after Ready or Drop.
func (c *Conn) Poll(cx *future.Context) future.Poll[error] {
	if c.done {
		panic(fmt.Sprintf("%T polled after completion", c))
	}
	for {
		if c.closing || len(c.out)-c.outPos >= flushAt {
			if p := c.flush(cx); !p.IsReady() {
				return p
			} else if err, _ := p.Get(); err != nil {
				return c.finish(err)
			}
			if c.closing {
				return c.lingerPoll(cx)
			}
		}
		if c.discard > 0 {
			r, ok := c.rd.PollFillBuf(cx).Get()
			if !ok {
				return c.idle(cx)
			}
			if r.Err != nil || len(r.Value) == 0 {
				c.closing = true // the body never came: nothing more to answer
				continue
			}
			n := int(min(int64(len(r.Value)), c.discard))
			c.rd.Consume(n)
			c.discard -= int64(n)
			continue
		}
		r, ok := c.rd.PollReadUntil(cx, '\n').Get()
		if !ok {
			return c.idle(cx)
		}
		switch {
		case errors.Is(r.Err, aio.ErrBufferFull):
			status := 431
			if !c.head.inHeaders {
				status = 414
			}
			c.answerError(status)
			continue
		case r.Err == io.EOF:
			c.closing = true // a partial request at the end is dropped
			continue
		case r.Err != nil:
			return c.finish(r.Err)
		}
		done, status := c.head.Line(r.Value)
		switch {
		case status != 0:
			c.answerError(status)
		case done:
			c.out = AppendResponse(c.out, &c.head)
			c.closing = c.head.Close
			c.discard = c.head.ContentLength
			c.head.Reset()
		}
	}
}

// lingerPoll ends a connection after its last answer is written, the way
// Go's net/http does: shut the write side (the client reads end of
// stream after the answer), then read and discard what the client still
// sends until it closes too (or lingerMax bytes). Closing at once with
// unread input would make the kernel send a reset, which can destroy the
// answer before the client reads it.
func (c *Conn) lingerPoll(cx *future.Context) future.Poll[error] {
	if c.linger == 0 {
		if err := c.s.CloseWrite(); err != nil {
			return c.finish(nil) // the peer is gone already
		}
		c.linger = 1
	}
	for c.linger <= lingerMax {
		r, ok := c.rd.PollFillBuf(cx).Get()
		if !ok {
			return future.Pending[error]()
		}
		if r.Err != nil || len(r.Value) == 0 {
			break
		}
		c.linger += len(r.Value)
		c.rd.Consume(len(r.Value))
	}
	return c.finish(nil)
}

// answerError queues the answer to a malformed request and closes after it.
func (c *Conn) answerError(status int) {
	c.out = AppendError(c.out, status)
	c.closing = true
}

// idle runs when the input would block: it writes the answers gathered so
// far, then waits (the read's waker is registered).
func (c *Conn) idle(cx *future.Context) future.Poll[error] {
	if p := c.flush(cx); p.IsReady() {
		if err, _ := p.Get(); err != nil {
			return c.finish(err)
		}
	}
	return future.Pending[error]()
}

// flush writes out[outPos:]; Ready(nil) once all is written.
func (c *Conn) flush(cx *future.Context) future.Poll[error] {
	for c.outPos < len(c.out) {
		r, ok := c.s.PollWrite(cx, c.out[c.outPos:]).Get()
		if !ok {
			return future.Pending[error]()
		}
		if r.Err != nil {
			return future.Ready(r.Err)
		}
		c.outPos += r.Value
	}
	c.out, c.outPos = c.out[:0], 0
	return future.Ready[error](nil)
}

// finish closes the stream and ends the future with err.
func (c *Conn) finish(err error) future.Poll[error] {
	c.done = true
	_ = c.s.Close()
	c.out = nil
	return future.Ready(err)
}

// Drop closes the stream; unwritten answers are lost. Idempotent; a no-op
// after Ready.
func (c *Conn) Drop() {
	if !c.done {
		c.done = true
		_ = c.s.Close()
		c.out = nil
	}
}

// String describes the connection for task dumps, like
// "httpd tcp.Stream 127.0.0.1:5000->127.0.0.1:8081".
func (c *Conn) String() string { return "httpd " + c.s.String() }
