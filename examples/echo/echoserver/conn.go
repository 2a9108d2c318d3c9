package echoserver

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// Conn echoes one connection: everything it reads from its stream it
// writes back, until the peer ends the stream (then Conn closes it) or an
// error occurs. It is a future.Future[future.Result[int64]], ready with
// the number of bytes echoed and the error that ended it (nil at a clean
// end of stream). Spawn it as a task: [Server] does.
//
// Memory: while waiting for the peer, a Conn holds no buffer; it borrows
// one of [BufSize] bytes from a shared pool when it reads and returns it
// once everything read was written back and the next read is Pending. A
// poll allocates nothing in steady state.
//
// Cancellation: Drop closes the stream (the peer sees the connection end)
// and returns the buffer; bytes read but not yet echoed are discarded, so
// Conn is not cancel-safe in the sense of losing nothing, which is moot
// for an echo server that closes the connection anyway.
type Conn struct {
	s          *tcp.Stream
	buf        *[]byte // borrowed from bufPool while bytes are in flight; nil when idle
	start, end int     // (*buf)[start:end] is read but not yet written back
	total      int64   // bytes written back
	done       bool    // Ready returned or dropped
}

// NewConn returns the echo future of s; it owns s from now on. Panics with
// "echoserver.NewConn: nil stream" if s is nil.
func NewConn(s *tcp.Stream) *Conn {
	if s == nil {
		panic("echoserver.NewConn: nil stream")
	}
	return &Conn{s: s}
}

// Poll writes back what is in flight, then reads more, until the stream
// would block (Pending) or ends (Ready). It panics after Ready or Drop.
func (c *Conn) Poll(cx *future.Context) future.Poll[future.Result[int64]] {
	if c.done {
		panic(fmt.Sprintf("%T polled after completion", c))
	}
	for {
		for c.start < c.end {
			r, ok := c.s.PollWrite(cx, (*c.buf)[c.start:c.end]).Get()
			if !ok {
				return future.Pending[future.Result[int64]]() // keep buf: it holds unsent bytes
			}
			if r.Err != nil {
				return c.finish(r.Err)
			}
			c.start += r.Value
			c.total += int64(r.Value)
		}
		if c.buf == nil {
			c.buf = getBuf()
		}
		r, ok := c.s.PollRead(cx, *c.buf).Get()
		if !ok {
			// Nothing in flight: give the buffer back while we wait.
			c.release()
			return future.Pending[future.Result[int64]]()
		}
		if r.Err != nil || r.Value == 0 {
			return c.finish(r.Err)
		}
		c.start, c.end = 0, r.Value
	}
}

// release returns the buffer to the pool.
func (c *Conn) release() {
	if c.buf != nil {
		putBuf(c.buf)
		c.buf = nil
	}
	c.start, c.end = 0, 0
}

// finish closes the stream and ends the future with err.
func (c *Conn) finish(err error) future.Poll[future.Result[int64]] {
	c.done = true
	c.release()
	_ = c.s.Close() // the peer already left, or err says why we give up
	return future.Ready(future.Result[int64]{Value: c.total, Err: err})
}

// Echoed returns how many bytes have been written back so far.
func (c *Conn) Echoed() int64 { return c.total }

// Drop closes the stream and returns the buffer. Idempotent; a no-op after
// Ready.
func (c *Conn) Drop() {
	if c.done {
		return
	}
	c.done = true
	c.release()
	_ = c.s.Close()
}

// String describes the connection for task dumps, like
// "echo tcp.Stream 127.0.0.1:5000->127.0.0.1:8080".
func (c *Conn) String() string { return "echo " + c.s.String() }
