//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package udp

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/netutil"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// Connect sets the socket's default peer, as connect(2) does for UDP (and
// tokio's UdpSocket::connect): [Socket.Send] sends there, and the kernel
// delivers to [Socket.Recv] (and ReadFrom) only datagrams from that peer.
// Connecting again changes the peer. Errors are *net.OpError with Op
// "dial" (a *net.DNSError inside for a name that does not resolve).
//
// Connect is synchronous (it has no Context to reach the executor's
// blocking pool through), so for a host name it blocks its caller: an IP
// literal ("[::1]:53", "127.0.0.1:9", or an empty host, meaning the local
// system) is used as is, with no lookup, but a name ("localhost",
// "example.org") is looked up with net.DefaultResolver, for at most 5 s,
// on the calling goroutine — inside a task, on the
// worker. In a task, pass an IP literal, or resolve the name first off the
// worker (for example with executor.SpawnBlocking) and connect to the IP.
// Among the names' addresses it takes the first of the socket's family
// (an IPv6 socket falls back to an IPv4 one, reached through its mapped
// form).
func (s *Socket) Connect(addr string) error {
	ua, err := s.resolve(addr)
	if err != nil {
		return &net.OpError{Op: "dial", Net: "udp", Source: s.laddr, Err: err}
	}
	if ua.IP == nil {
		ua.IP = net.IPv4(127, 0, 0, 1) // an empty host means the local system
	}
	sa, err := netutil.Sockaddr(s.fd.Family, ua.IP, ua.Port, ua.Zone)
	if err != nil {
		return &net.OpError{Op: "dial", Net: "udp", Source: s.laddr, Addr: ua, Err: err}
	}
	err = s.fd.Control(func(sysfd int) error { return unix.Connect(sysfd, sa) })
	if err != nil {
		if err == net.ErrClosed {
			return &net.OpError{Op: "dial", Net: "udp", Source: s.laddr, Addr: ua, Err: err}
		}
		return &net.OpError{Op: "dial", Net: "udp", Source: s.laddr, Addr: ua, Err: fmt.Errorf("connect: %w", err)}
	}
	s.fd.Raddr = ua
	return nil
}

// connectLookupTimeout bounds the name lookup of Connect: a resolver that
// does not answer within it fails the Connect (documented on Connect).
const connectLookupTimeout = 5 * time.Second

// resolve parses addr into a UDP address: an IP literal (or no host: IP
// nil) without any lookup, a host name through net.DefaultResolver within
// connectLookupTimeout, choosing an address of the socket's family.
func (s *Socket) resolve(addr string) (*net.UDPAddr, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := net.LookupPort("udp", portStr)
	if err != nil {
		return nil, err
	}
	if host == "" {
		return &net.UDPAddr{Port: port}, nil
	}
	ipStr, zone, _ := strings.Cut(host, "%")
	if ip := net.ParseIP(ipStr); ip != nil {
		return &net.UDPAddr{IP: ip, Port: port, Zone: zone}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectLookupTimeout)
	defer cancel()
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	v6 := s.fd.Family == unix.AF_INET6
	var fallback *net.IPAddr
	for i := range ips {
		is4 := ips[i].IP.To4() != nil
		if is4 != v6 {
			return &net.UDPAddr{IP: ips[i].IP, Port: port, Zone: ips[i].Zone}, nil
		}
		if v6 && fallback == nil {
			fallback = &ips[i]
		}
	}
	if fallback != nil {
		return &net.UDPAddr{IP: fallback.IP, Port: port}, nil
	}
	return nil, &net.AddrError{Err: "no IPv4 address for host", Addr: host}
}

// RemoteAddr returns the peer set by [Socket.Connect], or nil.
func (s *Socket) RemoteAddr() net.Addr {
	if a, ok := s.fd.Raddr.(*net.UDPAddr); ok && a != nil {
		return a
	}
	return nil
}

// Send returns a future that sends p as one datagram to the peer set by
// [Socket.Connect]: Ready with len(p), or a *net.OpError (Op "write";
// EDESTADDRREQ inside when not connected; ECONNREFUSED when an earlier
// datagram was refused by the peer). Cancel-safe: Pending means nothing
// was sent.
func (s *Socket) Send(p []byte) *SendFuture { return &SendFuture{s: s, p: p} }

// Recv returns a future of one datagram from the connected peer read into
// p (a longer datagram is truncated): Ready with its length, or a
// *net.OpError (Op "read"). Cancel-safe.
func (s *Socket) Recv(p []byte) *RecvFuture { return &RecvFuture{s: s, p: p} }

// SendFuture is the future returned by [Socket.Send]. Cancel-safe.
type SendFuture struct {
	s    *Socket
	p    []byte
	slot slot
}

// Poll sends the datagram or returns Pending. It panics after Ready or Drop.
func (f *SendFuture) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	f.slot.check(f)
	p := f.s.fd.PollSend(cx, f.p, f)
	f.slot.note(cx, p.IsReady())
	return p
}

// Drop cancels the send; nothing was sent. Idempotent.
func (f *SendFuture) Drop() { f.slot.drop(f.s, reactor.Writable) }

// String describes the wait, like "udp.Send fd 7".
func (f *SendFuture) String() string { return fmt.Sprintf("udp.Send fd %d", f.s.fd.Sysfd) }

// RecvFuture is the future returned by [Socket.Recv]. Cancel-safe.
type RecvFuture struct {
	s    *Socket
	p    []byte
	slot slot
}

// Poll receives a datagram or returns Pending. It panics after Ready or
// Drop.
func (f *RecvFuture) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	f.slot.check(f)
	d, ok := f.s.fd.PollRecvFrom(cx, f.p, f).Get()
	f.slot.note(cx, ok)
	switch {
	case !ok:
		return future.Pending[future.Result[int]]()
	case d.Err != nil:
		return future.Ready(future.Err[int](d.Err))
	}
	return future.Ready(future.Ok(d.N))
}

// Drop cancels the receive; nothing was received. Idempotent.
func (f *RecvFuture) Drop() { f.slot.drop(f.s, reactor.Readable) }

// String describes the wait, like "udp.Recv fd 7".
func (f *RecvFuture) String() string { return fmt.Sprintf("udp.Recv fd %d", f.s.fd.Sysfd) }

// slot is the life cycle of a socket future (internal/phase): Waiting
// while its last Poll left its waker on the socket, so that Drop gives the
// direction back; Done after Ready; Dropped after Drop.
type slot struct {
	w  waker.Waker
	ph phase.Phase
}

func (s *slot) check(f any) { s.ph.Check(f) }

func (s *slot) note(cx *future.Context, ready bool) {
	if ready {
		s.ph = phase.Done
		return
	}
	s.ph, s.w = phase.Waiting, cx.Waker()
}

func (s *slot) drop(sock *Socket, dir reactor.Interest) {
	if s.ph.Drop() {
		sock.fd.Release(dir, s.w)
	}
}
