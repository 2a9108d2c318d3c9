//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package udp

import (
	"fmt"
	"net"
	"os"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/netutil"
)

// Socket is a bound UDP socket. Create it with [Bind]; release it with
// [Socket.Close].
type Socket struct {
	fd    *netutil.FD
	laddr *net.UDPAddr
}

// Packet is what [Socket.ReadFrom] delivers: the datagram's length in the
// caller's buffer (a longer datagram is truncated to the buffer) and its
// sender.
type Packet struct {
	N    int
	Addr *net.UDPAddr
}

// Bind opens a UDP socket bound to addr ("127.0.0.1:0", "[::1]:9000",
// ":0" for both families). Errors are *net.OpError with Op "listen", as
// from net.ListenUDP; an unparseable address is named in the message.
func Bind(addr string) (*Socket, error) {
	ua, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: "udp", Err: err}
	}
	family := netutil.FamilyOf(ua.IP)
	s, err := bind(family, ua)
	if err != nil && ua.IP == nil && family == unix.AF_INET6 {
		s, err = bind(unix.AF_INET, ua) // no IPv6 on this host
	}
	return s, err
}

func bind(family int, ua *net.UDPAddr) (*Socket, error) {
	fail := func(call string, err error) (*Socket, error) {
		return nil, &net.OpError{Op: "listen", Net: "udp", Addr: ua, Err: os.NewSyscallError(call, err)}
	}
	sysfd, err := netutil.Socket(family, unix.SOCK_DGRAM, unix.IPPROTO_UDP)
	if err != nil {
		return fail("socket", err)
	}
	if family == unix.AF_INET6 && (ua.IP == nil || ua.IP.Equal(net.IPv4zero)) {
		if err := unix.SetsockoptInt(sysfd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0); err != nil {
			unix.Close(sysfd)
			return fail("setsockopt", err)
		}
	}
	sa, err := netutil.Sockaddr(family, ua.IP, ua.Port, ua.Zone)
	if err != nil {
		unix.Close(sysfd)
		return nil, &net.OpError{Op: "listen", Net: "udp", Addr: ua, Err: err}
	}
	if err := unix.Bind(sysfd, sa); err != nil {
		unix.Close(sysfd)
		return fail("bind", err)
	}
	lsa, err := unix.Getsockname(sysfd)
	if err != nil {
		unix.Close(sysfd)
		return fail("getsockname", err)
	}
	fd := netutil.NewFD(sysfd, family, "udp")
	s := &Socket{fd: fd, laddr: netutil.UDPAddr(lsa)}
	fd.Laddr = s.laddr
	return s, nil
}

// LocalAddr returns the bound address, a *net.UDPAddr with the actual port.
func (s *Socket) LocalAddr() net.Addr { return s.laddr }

// ReadFrom returns a future of one datagram read into p. Cancel-safe:
// dropped before it is ready, it has received nothing. Errors are
// *net.OpError with Op "read" (net.ErrClosed inside after Close).
func (s *Socket) ReadFrom(p []byte) *ReadFromFuture { return &ReadFromFuture{s: s, p: p} }

// PollReadFrom is the poll-level form of [Socket.ReadFrom]. It spends one
// unit of the task's cooperative budget.
func (s *Socket) PollReadFrom(cx *future.Context, p []byte) future.Poll[future.Result[Packet]] {
	return s.pollReadFrom(cx, p, (*readWait)(s))
}

func (s *Socket) pollReadFrom(cx *future.Context, p []byte, what fmt.Stringer) future.Poll[future.Result[Packet]] {
	d, ok := s.fd.PollRecvFrom(cx, p, what).Get()
	if !ok {
		return future.Pending[future.Result[Packet]]()
	}
	if d.Err != nil {
		return future.Ready(future.Err[Packet](d.Err))
	}
	return future.Ready(future.Ok(Packet{N: d.N, Addr: netutil.UDPAddr(d.From)}))
}

// WriteTo returns a future that sends p as one datagram to addr, which
// must be a *net.UDPAddr (an error otherwise). Cancel-safe: dropped before
// it is ready, it has sent nothing. Errors are *net.OpError with Op
// "write".
func (s *Socket) WriteTo(p []byte, addr net.Addr) *WriteToFuture {
	return &WriteToFuture{s: s, p: p, addr: addr}
}

// PollWriteTo is the poll-level form of [Socket.WriteTo].
func (s *Socket) PollWriteTo(cx *future.Context, p []byte, addr net.Addr) future.Poll[future.Result[int]] {
	sa, err := s.sockaddr(addr)
	if err != nil {
		return future.Ready(future.Err[int](err))
	}
	return s.fd.PollSendTo(cx, p, sa, (*writeWait)(s))
}

func (s *Socket) sockaddr(addr net.Addr) (unix.Sockaddr, error) {
	ua, ok := addr.(*net.UDPAddr)
	if !ok || ua == nil {
		return nil, &net.OpError{Op: "write", Net: "udp", Source: s.laddr, Addr: addr,
			Err: fmt.Errorf("udp.WriteTo: address %v is not a *net.UDPAddr", addr)}
	}
	sa, err := netutil.Sockaddr(s.fd.Family, ua.IP, ua.Port, ua.Zone)
	if err != nil {
		return nil, &net.OpError{Op: "write", Net: "udp", Source: s.laddr, Addr: ua, Err: err}
	}
	return sa, nil
}

// Close closes the socket; a pending ReadFrom or WriteTo completes with an
// error satisfying errors.Is(err, net.ErrClosed). A second Close returns
// such an error too.
func (s *Socket) Close() error {
	if err := s.fd.Close(); err != nil {
		return s.fd.OpError("close", err)
	}
	return nil
}

// String describes the socket, like "udp.Socket 127.0.0.1:9000".
func (s *Socket) String() string { return "udp.Socket " + s.laddr.String() }

type (
	readWait  Socket
	writeWait Socket
)

func (w *readWait) String() string  { return fmt.Sprintf("udp.ReadFrom fd %d", w.fd.Sysfd) }
func (w *writeWait) String() string { return fmt.Sprintf("udp.WriteTo fd %d", w.fd.Sysfd) }
