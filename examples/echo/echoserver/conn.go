package echoserver

import (
	"fmt"
	"time"

	"github.com/kettle-rt/kettle/examples/internal/tcpserve"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// Phases of a Conn's deadline (see tcpserve.Deadline).
const (
	phaseIdle  tcpserve.Phase = 1 + iota // waiting for bytes, nothing in flight: IdleTimeout
	phaseWrite                           // an echo waits for the peer to read: WriteTimeout
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
// Timeouts: a Conn waiting for bytes with nothing in flight for longer
// than [IdleTimeout], or unable to write an echo back for longer than
// [WriteTimeout] (a peer that sends but never reads), closes its stream
// and ends with tcpserve's ErrTimeout. The other limits do not apply to
// echo, which has no requests.
//
// Cancellation: Drop closes the stream (the peer sees the connection end)
// and returns the buffer; bytes read but not yet echoed are discarded, so
// Conn is not cancel-safe in the sense of losing nothing, which is moot
// for an echo server that closes the connection anyway.
type Conn struct {
	s          *tcp.Stream
	limits     *tcpserve.Limits // shared with the server; read-only
	deadline   tcpserve.Deadline
	buf        *[]byte // borrowed from bufPool while bytes are in flight; nil when idle
	start, end int     // (*buf)[start:end] is read but not yet written back
	total      int64   // bytes written back
	done       bool    // Ready returned or dropped
}

// NewConn returns the echo future of s, held to the timeouts opts set
// (see [New]); it owns s from now on. Panics with "echoserver.NewConn:
// nil stream" if s is nil, and naming the option if a value is not
// positive.
func NewConn(s *tcp.Stream, opts ...Option) *Conn {
	l := tcpserve.BuildLimits("echoserver.NewConn", opts)
	return newConn(s, &l)
}

func newConn(s *tcp.Stream, l *tcpserve.Limits) *Conn {
	if s == nil {
		panic("echoserver.NewConn: nil stream")
	}
	return &Conn{s: s, limits: l}
}

// Poll writes back what is in flight, then reads more, until the stream
// would block (Pending) or ends (Ready). It panics after Ready or Drop.
func (c *Conn) Poll(cx *future.Context) future.Poll[future.Result[int64]] {
	if c.done {
		panic(fmt.Sprintf("%T polled after completion", c))
	}
	progressed := false
	for {
		for c.start < c.end {
			r, ok := c.s.PollWrite(cx, (*c.buf)[c.start:c.end]).Get()
			if !ok {
				// Keep buf: it holds unsent bytes.
				return c.wait(cx, phaseWrite, c.limits.WriteTimeout)
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
			if progressed {
				c.deadline.Leave() // a fresh idle period starts now
			}
			return c.wait(cx, phaseIdle, c.limits.IdleTimeout)
		}
		if r.Err != nil || r.Value == 0 {
			return c.finish(r.Err)
		}
		c.start, c.end = 0, r.Value
		progressed = true
	}
}

// wait returns Pending in phase p, or ends the connection with
// tcpserve.ErrTimeout if p has lasted longer than timeout.
func (c *Conn) wait(cx *future.Context, p tcpserve.Phase, timeout time.Duration) future.Poll[future.Result[int64]] {
	c.deadline.Enter(p, timeout)
	if c.deadline.Expired(cx) {
		return c.finish(tcpserve.ErrTimeout)
	}
	return future.Pending[future.Result[int64]]()
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
	c.deadline.Drop()
	_ = c.s.Close() // the peer already left, or err says why we give up
	return future.Ready(future.Result[int64]{Value: c.total, Err: err})
}

// Echoed returns how many bytes have been written back so far.
func (c *Conn) Echoed() int64 { return c.total }

// Progress is [Conn.Echoed]: the server counts a connection that echoed
// nothing yet as idle when it must close one to make room.
func (c *Conn) Progress() int64 { return c.total }

// Drop closes the stream and returns the buffer. Idempotent; a no-op after
// Ready.
func (c *Conn) Drop() {
	if c.done {
		return
	}
	c.done = true
	c.release()
	c.deadline.Drop()
	_ = c.s.Close()
}

// String describes the connection for task dumps, like
// "echo tcp.Stream 127.0.0.1:5000->127.0.0.1:8080".
func (c *Conn) String() string { return "echo " + c.s.String() }
