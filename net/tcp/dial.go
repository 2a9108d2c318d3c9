//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"net"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/netutil"
	"github.com/kettle-rt/kettle/internal/phase"
)

// Dial returns a future that connects to addr ("127.0.0.1:8080",
// "[::1]:80", "localhost:80"; an empty host means the local system). Like
// every future it does nothing until polled: the first poll resolves the
// address (synchronously: a host name other than an IP literal may block
// that poll on DNS), opens a non-blocking socket and starts the connect;
// later polls wait for it to finish and check SO_ERROR. Errors are
// *net.OpError with Op "dial" (ECONNREFUSED inside when nobody listens).
// Dropping the future before it is ready closes the half-open socket.
func Dial(addr string) *DialFuture { return &DialFuture{addr: addr} }

// DialFuture is the future returned by [Dial]: a
// future.Future[future.Result[*Stream]].
type DialFuture struct {
	addr  string
	fd    *netutil.FD
	state dialState
}

type dialState uint8

const (
	dialStart dialState = iota
	dialConnecting
	dialDone    // Ready returned
	dialDropped // Drop ran first
)

// Poll connects or returns Pending. It panics after Ready or Drop.
func (f *DialFuture) Poll(cx *future.Context) future.Poll[future.Result[*Stream]] {
	switch f.state {
	case dialDone, dialDropped:
		phase.Polled(f, f.state == dialDropped)
	case dialStart:
		if err := f.start(); err != nil {
			f.state = dialDone
			return future.Ready(future.Err[*Stream](err))
		}
		f.state = dialConnecting
	}
	p := f.fd.PollConnect(cx, f)
	err, ok := p.Get()
	if !ok {
		return future.Pending[future.Result[*Stream]]()
	}
	f.state = dialDone
	if err != nil {
		_ = f.fd.Close()
		return future.Ready(future.Err[*Stream](err))
	}
	return future.Ready(f.finish())
}

// start resolves the address, opens the socket and begins the connect.
func (f *DialFuture) start() error {
	ta, err := net.ResolveTCPAddr("tcp", f.addr)
	if err != nil {
		return &net.OpError{Op: "dial", Net: "tcp", Err: err}
	}
	ip := ta.IP
	switch {
	case ip == nil || ip.Equal(net.IPv4zero):
		ip = net.IPv4(127, 0, 0, 1) // an empty host means the local system
	case ip.IsUnspecified():
		ip = net.IPv6loopback
	}
	family := netutil.FamilyOf(ip)
	raddr := &net.TCPAddr{IP: ip, Port: ta.Port, Zone: ta.Zone}
	fail := func(call string, err error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Addr: raddr, Err: netutil.SyscallError(call, err)}
	}
	sa, err := netutil.Sockaddr(family, ip, ta.Port, ta.Zone)
	if err != nil {
		return &net.OpError{Op: "dial", Net: "tcp", Addr: raddr, Err: err}
	}
	sysfd, err := netutil.Socket(family, unix.SOCK_STREAM, unix.IPPROTO_TCP)
	if err != nil {
		return fail("socket", err)
	}
	if err := unix.SetsockoptInt(sysfd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
		unix.Close(sysfd)
		return fail("setsockopt", err)
	}
	f.fd = netutil.NewFD(sysfd, family, "tcp")
	f.fd.Raddr = raddr
	switch err := unix.Connect(sysfd, sa); err {
	case nil, unix.EINPROGRESS, unix.EINTR, unix.EALREADY:
		return nil // PollConnect reads the outcome from SO_ERROR
	default:
		_ = f.fd.Close()
		return fail("connect", err)
	}
}

// finish wraps the connected socket in a Stream.
func (f *DialFuture) finish() future.Result[*Stream] {
	fd := f.fd
	s := &Stream{fd: fd, raddr: fd.Raddr.(*net.TCPAddr)}
	if lsa, err := unix.Getsockname(fd.Sysfd); err == nil {
		s.laddr = netutil.TCPAddr(lsa)
		fd.Laddr = s.laddr
	}
	return future.Ok(s)
}

// Drop cancels the dial and closes the socket of a connect in progress.
// Idempotent; a no-op after Ready (the Stream is the caller's).
func (f *DialFuture) Drop() {
	switch f.state {
	case dialDone, dialDropped:
		return
	case dialConnecting:
		_ = f.fd.Close()
	}
	f.state = dialDropped
}

// String describes the wait, like "tcp.Dial 127.0.0.1:8080".
func (f *DialFuture) String() string { return "tcp.Dial " + f.addr }
