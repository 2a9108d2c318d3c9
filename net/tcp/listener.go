//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"errors"
	"fmt"
	"net"
	"os"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/netutil"
	"github.com/kettle-rt/kettle/internal/phase"
	"github.com/kettle-rt/kettle/waker"
)

// Listener is a listening TCP socket. Create it with [Listen]; accept
// connections with [Listener.Accept]; release it with [Listener.Close].
// Any number of tasks (and goroutines using [Listener.NetListener]) may
// await Accept at once; each connection goes to exactly one of them.
type Listener struct {
	fd   *netutil.FD
	addr *net.TCPAddr
	acc  acceptors // the tasks waiting in Accept

	view viewState // the NetListener view, made on first use (netconn.go)
}

// Listen opens a listening socket on addr ("127.0.0.1:8080", "[::1]:0",
// ":0" for every interface of both families). SO_REUSEADDR is set, as in
// Go's net package. Errors are *net.OpError with Op "listen": an
// unparseable address (the message names it), a port in use
// (EADDRINUSE), a non-positive [Backlog]. Listen is synchronous; the socket
// joins a reactor on its first Accept poll.
func Listen(addr string, opts ...Option) (*Listener, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o == nil {
			panic("tcp.Listen: nil option")
		}
		o.apply(&cfg)
	}
	if cfg.backlog <= 0 {
		return nil, &net.OpError{Op: "listen", Net: "tcp", Err: fmt.Errorf("tcp.Listen: backlog %d must be positive", cfg.backlog)}
	}
	ta, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: "tcp", Err: err}
	}
	family := netutil.FamilyOf(ta.IP)
	l, err := listen(family, ta, cfg)
	if err != nil && ta.IP == nil && errors.Is(err, unix.EAFNOSUPPORT) {
		l, err = listen(unix.AF_INET, ta, cfg) // no IPv6 on this host
	}
	return l, err
}

func listen(family int, ta *net.TCPAddr, cfg config) (*Listener, error) {
	fail := func(call string, err error) (*Listener, error) {
		return nil, &net.OpError{Op: "listen", Net: "tcp", Addr: ta, Err: os.NewSyscallError(call, err)}
	}
	sysfd, err := netutil.Socket(family, unix.SOCK_STREAM, unix.IPPROTO_TCP)
	if err != nil {
		return fail("socket", err)
	}
	closeOnErr := func(call string, err error) (*Listener, error) {
		unix.Close(sysfd)
		return fail(call, err)
	}
	if err := unix.SetsockoptInt(sysfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		return closeOnErr("setsockopt", err)
	}
	if cfg.reusePort {
		if err := unix.SetsockoptInt(sysfd, unix.SOL_SOCKET, unix.SO_REUSEPORT, 1); err != nil {
			return closeOnErr("setsockopt", err)
		}
	}
	if family == unix.AF_INET6 && (ta.IP == nil || ta.IP.Equal(net.IPv4zero)) {
		if err := unix.SetsockoptInt(sysfd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0); err != nil {
			return closeOnErr("setsockopt", err)
		}
	}
	sa, err := netutil.Sockaddr(family, ta.IP, ta.Port, ta.Zone)
	if err != nil {
		unix.Close(sysfd)
		return nil, &net.OpError{Op: "listen", Net: "tcp", Addr: ta, Err: err}
	}
	if err := unix.Bind(sysfd, sa); err != nil {
		return closeOnErr("bind", err)
	}
	if err := unix.Listen(sysfd, cfg.backlog); err != nil {
		return closeOnErr("listen", err)
	}
	lsa, err := unix.Getsockname(sysfd)
	if err != nil {
		return closeOnErr("getsockname", err)
	}
	laddr := netutil.TCPAddr(lsa)
	fd := netutil.NewFD(sysfd, family, "tcp")
	fd.Laddr = laddr
	return &Listener{fd: fd, addr: laddr}, nil
}

// Addr returns the address the listener is bound to, a *net.TCPAddr with
// the actual port when ":0" was asked.
func (l *Listener) Addr() net.Addr { return l.addr }

// Accept returns a future of the next connection. It is cancel-safe:
// dropping it before it is ready loses no connection (it stays in the
// kernel's queue for the next Accept). Errors are *net.OpError with Op
// "accept"; after [Listener.Close] the error satisfies
// errors.Is(err, net.ErrClosed). Running out of file descriptors (EMFILE)
// is returned as an error too, and the same pending connection is offered
// again by the next Accept once descriptors are free.
func (l *Listener) Accept() *AcceptFuture { return &AcceptFuture{l: l} }

// PollAccept is the poll-level form of [Listener.Accept]: Ready with the
// next connection or an error, or Pending with the waker stored. It spends
// one unit of the task's cooperative budget. Any number of tasks may poll
// it at once: the socket's readiness wakes all of them (the waker stored
// with the reactor is the listener's, which wakes every waiting acceptor),
// and each connection goes to the one whose accept(2) took it.
func (l *Listener) PollAccept(cx *future.Context) future.Poll[future.Result[*Stream]] {
	a, ok := l.fd.PollAcceptWith(cx, waker.New(&l.acc), (*acceptWait)(l)).Get()
	if !ok {
		// Join the acceptors, then look again: an edge between the
		// first look and the join woke only the acceptors already there.
		l.acc.add(cx.Waker())
		if a, ok = l.fd.PollAcceptWith(cx, waker.New(&l.acc), (*acceptWait)(l)).Get(); !ok {
			return future.Pending[future.Result[*Stream]]()
		}
	}
	if a.Err != nil {
		return future.Ready(future.Err[*Stream](a.Err))
	}
	return future.Ready(newStream(a.Sysfd, l.fd.Family, a.Peer))
}

// Close stops listening; a pending Accept completes with an error
// satisfying errors.Is(err, net.ErrClosed). Connections already accepted
// are not affected. A second Close returns such an error too.
func (l *Listener) Close() error {
	err := l.fd.Close()
	l.view.closeView()
	if err != nil {
		return l.fd.OpError("close", err)
	}
	return nil
}

// String describes the listener, like "tcp.Listener 127.0.0.1:8080".
func (l *Listener) String() string { return "tcp.Listener " + l.addr.String() }

// acceptWait names what a pending accept waits on, without allocating.
type acceptWait Listener

func (w *acceptWait) String() string { return fmt.Sprintf("tcp.Accept fd %d", w.fd.Sysfd) }

// AcceptFuture is the future returned by [Listener.Accept]: a
// future.Future[future.Result[*Stream]]. Cancel-safe.
type AcceptFuture struct {
	l  *Listener
	w  waker.Waker // the waker of the last Pending, removed by Drop
	ph phase.Phase // Waiting: w is among the listener's acceptors
}

// Poll accepts a connection or returns Pending. It panics if called after
// Ready or Drop.
func (f *AcceptFuture) Poll(cx *future.Context) future.Poll[future.Result[*Stream]] {
	f.ph.Check(f)
	p := f.l.PollAccept(cx)
	if p.IsReady() {
		f.ph = phase.Done
	} else {
		f.ph, f.w = phase.Waiting, cx.Waker()
	}
	return p
}

// Drop cancels the accept; no connection is lost. Idempotent.
func (f *AcceptFuture) Drop() {
	if f.ph.Drop() {
		f.l.acc.remove(f.w)
	}
}

// String describes the wait, like "tcp.Accept fd 7".
func (f *AcceptFuture) String() string { return (*acceptWait)(f.l).String() }
