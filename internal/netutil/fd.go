//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netutil

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
)

// Bits of FD.state.
//
//	refs   (bits 0..61) operations in progress that use the fd number
//	                    (incref before the syscall, decref after).
//	closed (bit 62)     Close was called: incref fails from now on. Set
//	                    once. Whoever brings refs to 0 with closed set
//	                    (Close itself or the last in-flight operation)
//	                    closes the fd number, exactly once; so a syscall
//	                    never runs on a number the kernel already reused.
const (
	fdClosed uint64 = 1 << 62
	fdRefs   uint64 = fdClosed - 1
)

// FD is a non-blocking, close-on-exec socket. Its reactor registration is
// made on the first poll, with the reactor of that poll's Context
// (reactor.From), and watches both directions. One task at a time may wait
// to read and one to write (the registration's two waker slots).
type FD struct {
	Sysfd  int
	Family int    // unix.AF_INET or unix.AF_INET6
	Net    string // "tcp" or "udp", for errors
	Laddr  net.Addr
	Raddr  net.Addr

	state atomic.Uint64
	mu    sync.Mutex // serializes lazy registration with Close
	reg   atomic.Pointer[reactor.Registration]
}

// NewFD wraps sysfd, which must be non-blocking and close-on-exec.
func NewFD(sysfd, family int, network string) *FD {
	return &FD{Sysfd: sysfd, Family: family, Net: network}
}

// Incref marks an operation in progress; it fails once Close was called.
func (fd *FD) Incref() bool {
	for {
		s := fd.state.Load()
		if s&fdClosed != 0 {
			return false
		}
		if fd.state.CompareAndSwap(s, s+1) {
			return true
		}
	}
}

// Decref ends an operation; the last one after Close closes the fd number.
func (fd *FD) Decref() {
	if fd.state.Add(^uint64(0)) == fdClosed {
		_ = unix.Close(fd.Sysfd)
	}
}

// Closed reports whether Close was called.
func (fd *FD) Closed() bool { return fd.state.Load()&fdClosed != 0 }

// Close deregisters the socket (waking any waiting reader and writer, who
// then see net.ErrClosed) and closes it once no operation uses it. A
// second Close returns net.ErrClosed.
func (fd *FD) Close() error {
	for {
		s := fd.state.Load()
		if s&fdClosed != 0 {
			return net.ErrClosed
		}
		if fd.state.CompareAndSwap(s, (s|fdClosed)+1) { // +1: Close holds a ref until it is done
			break
		}
	}
	fd.mu.Lock()
	g := fd.reg.Load()
	fd.mu.Unlock()
	if g != nil {
		_ = g.Close()
	}
	fd.Decref()
	return nil
}

// registration returns the fd's registration, registering it with the
// reactor of cx on first use. The caller holds a ref.
func (fd *FD) registration(cx *future.Context) (*reactor.Registration, error) {
	if g := fd.reg.Load(); g != nil {
		return g, nil
	}
	fd.mu.Lock()
	defer fd.mu.Unlock()
	if g := fd.reg.Load(); g != nil {
		return g, nil
	}
	if fd.Closed() {
		return nil, net.ErrClosed
	}
	g, err := reactor.From(cx).Register(fd.Sysfd, reactor.Readable|reactor.Writable)
	if err != nil {
		return nil, err
	}
	fd.reg.Store(g)
	return g, nil
}

// OpError wraps err like Go's net package does for op on this socket.
// reactor.ErrClosed becomes net.ErrClosed.
func (fd *FD) OpError(op string, err error) error {
	if errors.Is(err, reactor.ErrClosed) {
		err = net.ErrClosed
	}
	e := &net.OpError{Op: op, Net: fd.Net, Err: err}
	if fd.Raddr != nil && op != "accept" {
		e.Source, e.Addr = fd.Laddr, fd.Raddr
	} else {
		e.Addr = fd.Laddr
	}
	return e
}

// SyscallOpError is OpError(op, os.NewSyscallError(call, errno)).
func (fd *FD) SyscallOpError(op, call string, errno error) error {
	return fd.OpError(op, os.NewSyscallError(call, errno))
}

// Control runs f on the fd number while holding a ref; net.ErrClosed after
// Close.
func (fd *FD) Control(f func(sysfd int) error) error {
	if !fd.Incref() {
		return net.ErrClosed
	}
	defer fd.Decref()
	return f(fd.Sysfd)
}

// String describes the socket, like "tcp fd 7".
func (fd *FD) String() string { return fmt.Sprintf("%s fd %d", fd.Net, fd.Sysfd) }

// SyscallError is os.NewSyscallError, for callers without an FD yet.
func SyscallError(call string, err error) error { return os.NewSyscallError(call, err) }
