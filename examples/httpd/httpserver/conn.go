package httpserver

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/examples/internal/tcpserve"
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
	// lingerTimeout bounds the lingering of a closing connection: a client
	// that neither reads to the end nor closes is cut off after it.
	lingerTimeout = time.Second
)

// Phases of a Conn's deadline (see tcpserve.Deadline).
const (
	phaseHead   tcpserve.Phase = 1 + iota // a request head is being read: HeaderTimeout
	phaseBody                             // a request body is being skipped: ReadTimeout
	phaseIdle                             // between requests: IdleTimeout
	phaseWrite                            // answers wait for the client to read: WriteTimeout
	phaseLinger                           // closing: lingerTimeout
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
// Timeouts (see [HeaderTimeout] and its neighbours): the first request's
// head must be complete [HeaderTimeout] after the connection was
// accepted, and each later head HeaderTimeout after its first byte; a
// body must arrive within [ReadTimeout] of its head; a connection waits
// [IdleTimeout] for the next request and [WriteTimeout] for the client to
// read its answers. A head cut off by its timeout is answered 408 and the
// connection closed; any other timeout closes the connection, and the
// future ends with tcpserve's ErrTimeout.
//
// Cancellation: Drop closes the stream; answers not yet written are lost
// (the client sees the connection close, as when a server restarts).
type Conn struct {
	s        *tcp.Stream
	limits   *tcpserve.Limits // shared with the server; read-only
	deadline tcpserve.Deadline
	rd       *aio.BufReader
	head     Head
	out      []byte // answers not yet written: out[outPos:]
	outPos   int
	discard  int64 // body bytes still to skip
	closing  bool  // close once out is written
	linger   int   // > 0: write side shut, bytes discarded so far + 1
	done     bool  // Ready returned or dropped
	served   int64 // requests answered on this connection
}

// NewConn returns the future serving s, held to the timeouts opts set
// (see [New]); it owns s from now on. Panics with "httpserver.NewConn:
// nil stream" if s is nil, and naming the option if a value is not
// positive.
func NewConn(s *tcp.Stream, opts ...Option) *Conn {
	l := tcpserve.BuildLimits("httpserver.NewConn", opts)
	return newConn(s, &l)
}

func newConn(s *tcp.Stream, l *tcpserve.Limits) *Conn {
	if s == nil {
		panic("httpserver.NewConn: nil stream")
	}
	return &Conn{s: s, limits: l, rd: aio.NewBufReader(s, ReadBufSize)}
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
				return c.wait(cx, phaseWrite)
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
			c.served++
			c.deadline.Leave() // the next wait starts a fresh phase
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
			c.deadline.Enter(phaseLinger, lingerTimeout)
			if c.deadline.Expired(cx) {
				return c.finish(nil) // the answer was written: not a failure
			}
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
// far, then waits (the read's waker is registered) under the deadline of
// what it waits for.
func (c *Conn) idle(cx *future.Context) future.Poll[error] {
	p := c.flush(cx)
	if !p.IsReady() {
		return c.wait(cx, phaseWrite)
	}
	if err, _ := p.Get(); err != nil {
		return c.finish(err)
	}
	switch {
	case c.discard > 0:
		return c.wait(cx, phaseBody)
	case c.head.Started() || c.rd.Buffered() > 0 || c.served == 0:
		return c.wait(cx, phaseHead)
	}
	return c.wait(cx, phaseIdle)
}

// wait returns Pending in phase p, unless p has outlasted its timeout:
// then a head in progress is answered 408 and the connection closed, and
// any other wait ends the connection with tcpserve.ErrTimeout.
func (c *Conn) wait(cx *future.Context, p tcpserve.Phase) future.Poll[error] {
	var timeout time.Duration
	switch p {
	case phaseHead:
		timeout = c.limits.HeaderTimeout
	case phaseBody:
		timeout = c.limits.ReadTimeout
	case phaseIdle:
		timeout = c.limits.IdleTimeout
	default:
		timeout = c.limits.WriteTimeout
	}
	c.deadline.Enter(p, timeout)
	if !c.deadline.Expired(cx) {
		return future.Pending[error]()
	}
	if p == phaseHead && !c.closing && (c.head.Started() || c.rd.Buffered() > 0) {
		c.answerError(408) // tell the slow client why, then close
		return c.Poll(cx)
	}
	return c.finish(tcpserve.ErrTimeout)
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
	c.deadline.Drop()
	_ = c.s.Close()
	c.out = nil
	return future.Ready(err)
}

// Drop closes the stream; unwritten answers are lost. Idempotent; a no-op
// after Ready.
func (c *Conn) Drop() {
	if !c.done {
		c.done = true
		c.deadline.Drop()
		_ = c.s.Close()
		c.out = nil
	}
}

// Progress returns how many requests have been answered: the server
// counts a connection that answered none yet (idle since it opened, or
// a head that never ends) first when it must close one to make room.
func (c *Conn) Progress() int64 { return c.served }

// String describes the connection for task dumps, like
// "httpd tcp.Stream 127.0.0.1:5000->127.0.0.1:8081".
func (c *Conn) String() string { return "httpd " + c.s.String() }
