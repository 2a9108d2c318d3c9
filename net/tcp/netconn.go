//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"net"
	"os"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/internal/netutil"
)

// The blocking views (NetConn, NetListener) are Go's own sockets on a
// duplicate of the Kettle socket's descriptor (dup(2), then net.FileConn or
// net.FileListener): goroutine code then parks on Go's netpoller exactly as
// with a socket from package net, so reads, writes, deadlines and errors
// behave as Go's do, at Go's speed. (A first design parked the goroutine on
// a channel woken through Kettle's fallback reactor; every wake took one
// more goroutine hop, which doubled round-trip latency and cost TLS
// handshakes a third of their rate.) Both descriptors refer to one socket:
// closing either side closes both, so the peer sees the end of stream once.
// The view costs one descriptor more while it lives.

// viewState links a Kettle socket and its blocking view. mu orders making
// the view with closing the socket, so a view is never made after Close
// and never outlives it.
type viewState struct {
	mu     sync.Mutex
	closer interface{ Close() error } // the Go socket of the view; nil until made
}

// make returns the view made by mk on first use (nil if the socket is
// closed: mk is then not called).
func (v *viewState) make(fd *netutil.FD, mk func(f *os.File) (interface{ Close() error }, error)) (interface{ Close() error }, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closer != nil {
		return v.closer, nil
	}
	var made interface{ Close() error }
	err := fd.Control(func(sysfd int) error {
		nfd, err := unix.FcntlInt(uintptr(sysfd), unix.F_DUPFD_CLOEXEC, 0)
		if err != nil {
			return os.NewSyscallError("fcntl", err)
		}
		f := os.NewFile(uintptr(nfd), "kettle "+fd.String())
		defer f.Close() // net.FileConn and FileListener dup it again
		made, err = mk(f)
		return err
	})
	if err != nil {
		return nil, err
	}
	v.closer = made
	return made, nil
}

// closeView closes the view, if one was made; the socket's Close calls it.
func (v *viewState) closeView() {
	v.mu.Lock()
	c := v.closer
	v.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// NetConn returns a blocking net.Conn view of the stream for goroutine
// code: crypto/tls, bufio, net/http. It is Go's own socket on a duplicate
// of the stream's descriptor, so Read and Write park the calling goroutine
// on Go's netpoller (never a Kettle worker), SetDeadline,
// SetReadDeadline and SetWriteDeadline work as in package net (an
// *net.OpError wrapping os.ErrDeadlineExceeded; a deadline in the past
// fails at once), Read returns io.EOF at end of stream, and after Close
// (of the view or of the stream: either closes both) every call fails with
// an error wrapping net.ErrClosed. The view also has CloseWrite, as
// *net.TCPConn does.
//
// Every call returns the same view. Its methods may be called from any
// goroutine, as a net.Conn's. Tasks may go on using the stream, but a task
// and the view must not read at the same time (nor write): the bytes would
// go to whichever asks first. If the view cannot be made (the stream is
// closed, no descriptor is left) every method returns that error.
func (s *Stream) NetConn() net.Conn {
	c, err := s.view.make(s.fd, func(f *os.File) (interface{ Close() error }, error) {
		gc, err := net.FileConn(f)
		if err != nil {
			return nil, err
		}
		return &netConn{Conn: gc, s: s}, nil
	})
	if err != nil {
		return errConn{s: s, err: s.fd.OpError("dup", err)}
	}
	return c.(*netConn)
}

// netConn is the view returned by Stream.NetConn: Go's *net.TCPConn on a
// duplicate descriptor, closing the stream with it.
type netConn struct {
	net.Conn
	s *Stream
}

// Close closes the view and the stream.
func (c *netConn) Close() error {
	err := c.Conn.Close()
	_ = c.s.fd.Close()
	return err
}

// CloseWrite shuts down the sending side, as (*net.TCPConn).CloseWrite.
func (c *netConn) CloseWrite() error { return c.Conn.(*net.TCPConn).CloseWrite() }

// NetListener returns a blocking net.Listener view of the listener for
// goroutine code (an http.Server's Serve): Go's own listener on a
// duplicate of the listening descriptor, whose Accept parks the calling
// goroutine on Go's netpoller and returns Go's *net.TCPConn. After Close
// (of the view or of the listener: either closes both) Accept fails with
// an *net.OpError wrapping net.ErrClosed. Every call returns the same
// view. Tasks may await [Listener.Accept] while goroutines accept through
// the view: the kernel hands each connection to exactly one of them.
func (l *Listener) NetListener() net.Listener {
	v, err := l.view.make(l.fd, func(f *os.File) (interface{ Close() error }, error) {
		gl, err := net.FileListener(f)
		if err != nil {
			return nil, err
		}
		return &netListener{Listener: gl, l: l}, nil
	})
	if err != nil {
		return errListener{l: l, err: l.fd.OpError("dup", err)}
	}
	return v.(*netListener)
}

// netListener is the view returned by Listener.NetListener.
type netListener struct {
	net.Listener
	l *Listener
}

// Close closes the view and the listener.
func (v *netListener) Close() error {
	err := v.Listener.Close()
	_ = v.l.fd.Close()
	return err
}

// Addr returns the listener's address.
func (v *netListener) Addr() net.Addr { return v.l.Addr() }
