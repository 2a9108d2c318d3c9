//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"fmt"
	"net"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/netutil"
)

// Stream is a connected TCP socket, from [Listener.Accept] or [Dial].
// TCP_NODELAY is on, as in Go's net package. It implements aio.Reader and
// aio.Writer with [Stream.PollRead] and [Stream.PollWrite]. One task at a
// time may read and one may write; Close may be called from anywhere.
type Stream struct {
	fd    *netutil.FD
	laddr *net.TCPAddr
	raddr *net.TCPAddr

	view viewState // the NetConn view, made on first use (netconn.go)
}

// newStream wraps a connected non-blocking socket; on failure it closes it.
func newStream(sysfd, family int, peer unix.Sockaddr) future.Result[*Stream] {
	fd := netutil.NewFD(sysfd, family, "tcp")
	s := &Stream{fd: fd, raddr: netutil.TCPAddr(peer)}
	if s.raddr != nil {
		fd.Raddr = s.raddr
	}
	lsa, err := unix.Getsockname(sysfd)
	if err == nil {
		s.laddr = netutil.TCPAddr(lsa)
		fd.Laddr = s.laddr
		err = unix.SetsockoptInt(sysfd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		if err != nil {
			err = fd.SyscallOpError("accept", "setsockopt", err)
		}
	} else {
		err = fd.SyscallOpError("accept", "getsockname", err)
	}
	if err != nil {
		_ = fd.Close()
		return future.Err[*Stream](err)
	}
	return future.Ok(s)
}

// Read returns a future of one read into p: Ready with n > 0 bytes, or
// n == 0 and a nil error at end of stream (also when len(p) == 0), or a
// *net.OpError (Op "read"; net.ErrClosed inside after Close; ECONNRESET
// when the peer reset). Cancel-safe: dropping it before it is ready reads
// nothing. The future is one small allocation; [Stream.PollRead] is the
// allocation-free form.
func (s *Stream) Read(p []byte) *ReadFuture { return &ReadFuture{s: s, p: p} }

// Write returns a future that writes all of p, like net.Conn's Write: Ready
// with len(p) and a nil error, or with the count written before a
// *net.OpError (Op "write"; EPIPE or ECONNRESET when the peer is gone).
// Not cancel-safe: dropped midway, a prefix of p may have been sent;
// [WriteFuture.Written] tells how much. For a single cancel-safe write use
// [Stream.PollWrite] (Pending means nothing was written).
func (s *Stream) Write(p []byte) *WriteFuture { return &WriteFuture{s: s, p: p} }

// PollRead reads into p once the socket is readable (aio.Reader): see
// [Stream.Read] for the outcomes. It spends one unit of the task's
// cooperative budget and allocates nothing unless it fails.
func (s *Stream) PollRead(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	return s.fd.PollRead(cx, p, (*readWait)(s))
}

// PollWrite writes a prefix of p once the socket is writable (aio.Writer):
// Ready with 0 < n <= len(p), or an error; Pending means nothing was
// written. It spends one unit of budget and allocates nothing unless it
// fails.
func (s *Stream) PollWrite(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	return s.fd.PollWrite(cx, p, (*writeWait)(s))
}

// CloseWrite shuts down the sending side (a half-close): the peer reads end
// of stream, and this side can still read.
func (s *Stream) CloseWrite() error {
	err := s.fd.Control(func(sysfd int) error { return unix.Shutdown(sysfd, unix.SHUT_WR) })
	return s.closeErr("shutdown", err)
}

// Close closes the connection. A read or write waiting in another task
// completes with an error satisfying errors.Is(err, net.ErrClosed), and so
// does every later operation. A second Close returns such an error too.
func (s *Stream) Close() error {
	err := s.fd.Close()
	s.view.closeView()
	return s.closeErr("", err)
}

// SetNoDelay turns Nagle's algorithm off (true, the default) or on.
func (s *Stream) SetNoDelay(noDelay bool) error {
	v := 0
	if noDelay {
		v = 1
	}
	err := s.fd.Control(func(sysfd int) error {
		return unix.SetsockoptInt(sysfd, unix.IPPROTO_TCP, unix.TCP_NODELAY, v)
	})
	return s.closeErr("setsockopt", err)
}

func (s *Stream) closeErr(call string, err error) error {
	switch {
	case err == nil:
		return nil
	case err == net.ErrClosed || call == "":
		return s.fd.OpError("close", err)
	}
	return s.fd.SyscallOpError("close", call, err)
}

// LocalAddr returns the local address, a *net.TCPAddr.
func (s *Stream) LocalAddr() net.Addr { return s.laddr }

// RemoteAddr returns the peer's address, a *net.TCPAddr.
func (s *Stream) RemoteAddr() net.Addr { return s.raddr }

// String describes the connection, like "tcp.Stream 127.0.0.1:5000->127.0.0.1:8080".
func (s *Stream) String() string {
	return fmt.Sprintf("tcp.Stream %v->%v", s.laddr, s.raddr)
}

// readWait and writeWait name what a pending read or write waits on, for
// deadlock reports; converting *Stream to them allocates nothing.
type (
	readWait  Stream
	writeWait Stream
)

func (w *readWait) String() string  { return fmt.Sprintf("tcp.Read fd %d", w.fd.Sysfd) }
func (w *writeWait) String() string { return fmt.Sprintf("tcp.Write fd %d", w.fd.Sysfd) }
