//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/internal/goblock"
	"github.com/kettle-rt/kettle/reactor"
)

// NetConn returns a blocking net.Conn view of the stream for goroutine
// code: crypto/tls, bufio, net/http. Read and Write block the calling
// goroutine (not a worker) the way Go's own sockets park on the netpoller:
// while the view waits, the stream is registered with the process-wide
// fallback reactor. SetDeadline, SetReadDeadline and SetWriteDeadline work
// as in package net: a read or write past its deadline fails with an
// *net.OpError wrapping os.ErrDeadlineExceeded (a deadline in the past
// fails at once), and after Close every call fails with one wrapping
// net.ErrClosed. Read returns io.EOF at end of stream.
//
// Every call returns the same view. Its Read and Write may be called from
// several goroutines (reads are serialized among themselves, and so are
// writes), but not while a task also reads (or writes) the stream: that
// task or the view would get reactor.ErrBusy. Closing the view closes the
// stream. The view also has CloseWrite, as *net.TCPConn does.
func (s *Stream) NetConn() net.Conn {
	s.connOnce.Do(func() { s.conn = &netConn{s: s, rp: goblock.NewParker(), wp: goblock.NewParker()} })
	return s.conn
}

// netConn is the view returned by Stream.NetConn.
type netConn struct {
	s      *Stream
	rmu    sync.Mutex // serializes readers; guards rp
	wmu    sync.Mutex // serializes writers; guards wp
	rp, wp *goblock.Parker
	rd, wd goblock.Deadline
}

func (c *netConn) Read(p []byte) (int, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	cx := c.rp.Context()
	for {
		if c.rd.Expired() {
			return 0, c.deadlineErr("read", reactor.Readable, c.rp)
		}
		r, ok := c.s.PollRead(cx, p).Get()
		if !ok {
			if !c.rp.Wait(c.rd.Done()) {
				return 0, c.deadlineErr("read", reactor.Readable, c.rp)
			}
			continue
		}
		if r.Err == nil && r.Value == 0 && len(p) > 0 {
			return 0, io.EOF
		}
		return r.Value, r.Err
	}
}

func (c *netConn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	cx := c.wp.Context()
	n := 0
	for n < len(p) || len(p) == 0 {
		if c.wd.Expired() {
			return n, c.deadlineErr("write", reactor.Writable, c.wp)
		}
		r, ok := c.s.PollWrite(cx, p[n:]).Get()
		if !ok {
			if !c.wp.Wait(c.wd.Done()) {
				return n, c.deadlineErr("write", reactor.Writable, c.wp)
			}
			continue
		}
		n += r.Value
		if r.Err != nil || len(p) == 0 {
			return n, r.Err
		}
	}
	return n, nil
}

// deadlineErr gives up the wait of dir (so a task may use the direction
// next) and returns the timeout error Go's net package returns.
func (c *netConn) deadlineErr(op string, dir reactor.Interest, p *goblock.Parker) error {
	c.s.fd.Release(dir, p.Waker())
	if c.s.fd.Closed() {
		return c.s.fd.OpError(op, net.ErrClosed)
	}
	return c.s.fd.OpError(op, os.ErrDeadlineExceeded)
}

func (c *netConn) Close() error         { return c.s.Close() }
func (c *netConn) CloseWrite() error    { return c.s.CloseWrite() }
func (c *netConn) LocalAddr() net.Addr  { return c.s.LocalAddr() }
func (c *netConn) RemoteAddr() net.Addr { return c.s.RemoteAddr() }

func (c *netConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

func (c *netConn) SetReadDeadline(t time.Time) error {
	if c.s.fd.Closed() {
		return c.s.fd.OpError("set", net.ErrClosed)
	}
	c.rd.Set(t)
	return nil
}

func (c *netConn) SetWriteDeadline(t time.Time) error {
	if c.s.fd.Closed() {
		return c.s.fd.OpError("set", net.ErrClosed)
	}
	c.wd.Set(t)
	return nil
}

// NetListener returns a blocking net.Listener view of the listener for
// goroutine code (an http.Server's Serve): Accept blocks the calling
// goroutine until a connection arrives and returns its [Stream.NetConn]
// view; after Close it fails with an *net.OpError wrapping net.ErrClosed.
// Closing the view closes the listener. Every call returns the same view;
// its Accept may be called from several goroutines, and tasks may await
// [Listener.Accept] at the same time (each connection goes to exactly one
// of them).
func (l *Listener) NetListener() net.Listener {
	l.viewOnce.Do(func() { l.view = &netListener{l: l} })
	return l.view
}

// netListener is the view returned by Listener.NetListener.
type netListener struct {
	l *Listener
}

func (v *netListener) Accept() (net.Conn, error) {
	p := goblock.NewParker()
	f := v.l.Accept()
	for {
		r, ok := f.Poll(p.Context()).Get()
		if ok {
			if r.Err != nil {
				return nil, r.Err
			}
			return r.Value.NetConn(), nil
		}
		p.Wait(nil)
	}
}

func (v *netListener) Close() error   { return v.l.Close() }
func (v *netListener) Addr() net.Addr { return v.l.Addr() }
