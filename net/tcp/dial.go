//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"context"
	"net"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/netutil"
	"github.com/kettle-rt/kettle/internal/offload"
	"github.com/kettle-rt/kettle/internal/phase"
)

// Dial returns a future that connects to addr ("127.0.0.1:8080",
// "[::1]:80", "localhost:80"; an empty host means the local system). Like
// every future it does nothing until polled. An IP literal is used at
// once; a host name is resolved off the worker, on the blocking pool of
// the executor that polls it (the pool of executor.SpawnBlocking), and its
// addresses are tried one after another, IPv4 first, until one connects.
// The connect itself is non-blocking; later polls wait for it to finish
// and check SO_ERROR. Errors are *net.OpError with Op "dial": a
// *net.DNSError inside for a name that does not resolve, ECONNREFUSED
// when nobody listens. Dropping the future before it is ready closes the
// half-open socket (a lookup in flight finishes and is discarded).
func Dial(addr string) *DialFuture { return &DialFuture{addr: addr} }

// DialFuture is the future returned by [Dial]: a
// future.Future[future.Result[*Stream]].
type DialFuture struct {
	addr    string
	port    int
	ips     []net.IPAddr // candidates left to try, in order
	lookup  *offload.Future[lookupOut]
	fd      *netutil.FD
	lastErr error // the failure of the previous candidate
	state   dialState
	ended   phase.Phase // Done or Dropped once state is dialDone, for the panic message
}

type dialState uint8

const (
	dialStart dialState = iota
	dialResolving
	dialConnecting
	dialDone    // Ready returned
	dialDropped // Drop ran first
)

// lookupOut is the outcome of a host name lookup.
type lookupOut struct {
	ips []net.IPAddr
	err error
}

// Poll connects or returns Pending. It panics after Ready or Drop.
func (f *DialFuture) Poll(cx *future.Context) future.Poll[future.Result[*Stream]] {
	for {
		switch f.state {
		case dialDone:
			phase.Panic(f, f.ended)
		case dialStart:
			if err := f.parse(); err != nil {
				return f.fail(err)
			}
		case dialResolving:
			out, ok := f.lookup.Poll(cx).Get()
			if !ok {
				return future.Pending[future.Result[*Stream]]()
			}
			f.lookup = nil
			if out.err != nil {
				return f.fail(&net.OpError{Op: "dial", Net: "tcp", Err: out.err})
			}
			f.ips = preferIPv4(out.ips)
			if len(f.ips) == 0 {
				return f.fail(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no suitable address found", Name: f.addr, IsNotFound: true}})
			}
			f.state = dialConnecting
		case dialConnecting:
			if f.fd == nil {
				if len(f.ips) == 0 {
					return f.fail(f.lastErr)
				}
				ip := f.ips[0]
				f.ips = f.ips[1:]
				if err := f.start(ip.IP, ip.Zone); err != nil {
					f.lastErr = err
					continue
				}
			}
			err, ok := f.fd.PollConnect(cx, f).Get()
			if !ok {
				return future.Pending[future.Result[*Stream]]()
			}
			if err != nil {
				_ = f.fd.Close()
				f.fd, f.lastErr = nil, err
				continue // the next address, if any
			}
			f.state, f.ended = dialDone, phase.Done
			return future.Ready(f.finish())
		}
	}
}

func (f *DialFuture) fail(err error) future.Poll[future.Result[*Stream]] {
	f.state, f.ended = dialDone, phase.Done
	return future.Ready(future.Err[*Stream](err))
}

// parse splits the address; an IP literal (or no host) goes straight to
// connecting, a name to the lookup on the blocking pool.
func (f *DialFuture) parse() error {
	host, portStr, err := net.SplitHostPort(f.addr)
	if err != nil {
		return &net.OpError{Op: "dial", Net: "tcp", Err: err}
	}
	port, err := net.LookupPort("tcp", portStr)
	if err != nil {
		return &net.OpError{Op: "dial", Net: "tcp", Err: err}
	}
	f.port = port
	ipStr, zone, _ := strings.Cut(host, "%")
	switch ip := net.ParseIP(ipStr); {
	case host == "" || (ip != nil && ip.Equal(net.IPv4zero)):
		f.ips = []net.IPAddr{{IP: net.IPv4(127, 0, 0, 1)}} // an empty host means the local system
	case ip != nil && ip.IsUnspecified():
		f.ips = []net.IPAddr{{IP: net.IPv6loopback}}
	case ip != nil:
		f.ips = []net.IPAddr{{IP: ip, Zone: zone}}
	default:
		f.lookup = offload.Run("tcp.Dial lookup "+host, func() lookupOut {
			ips, err := net.DefaultResolver.LookupIPAddr(context.Background(), host)
			return lookupOut{ips, err}
		}, nil)
		f.state = dialResolving
		return nil
	}
	f.state = dialConnecting
	return nil
}

// preferIPv4 orders IPv4 addresses before IPv6 ones, as Go's dialer tries
// its primaries first for "tcp".
func preferIPv4(ips []net.IPAddr) []net.IPAddr {
	out := make([]net.IPAddr, 0, len(ips))
	for _, ip := range ips {
		if ip.IP.To4() != nil {
			out = append(out, ip)
		}
	}
	for _, ip := range ips {
		if ip.IP.To4() == nil {
			out = append(out, ip)
		}
	}
	return out
}

// start opens the socket and begins the connect to ip.
func (f *DialFuture) start(ip net.IP, zone string) error {
	family := netutil.FamilyOf(ip)
	raddr := &net.TCPAddr{IP: ip, Port: f.port, Zone: zone}
	fail := func(call string, err error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Addr: raddr, Err: netutil.SyscallError(call, err)}
	}
	sa, err := netutil.Sockaddr(family, ip, f.port, zone)
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
		f.fd = nil
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
	if f.state == dialConnecting && f.fd != nil {
		_ = f.fd.Close()
	}
	if f.lookup != nil {
		f.lookup.Drop()
	}
	if f.state != dialDone {
		f.state, f.ended = dialDone, phase.Dropped
	}
}

// String describes the wait, like "tcp.Dial 127.0.0.1:8080".
func (f *DialFuture) String() string { return "tcp.Dial " + f.addr }
