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
	"github.com/kettle-rt/kettle/waker"
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
// (reactor.From), watches both directions, and moves when the socket is
// polled under another runtime (see registration). One task at a time may
// wait to read and one to write; a second gets reactor.ErrBusy.
type FD struct {
	Sysfd  int
	Family int    // unix.AF_INET or unix.AF_INET6
	Net    string // "tcp" or "udp", for errors
	Laddr  net.Addr
	Raddr  net.Addr

	state atomic.Uint64
	mu    sync.Mutex                           // serializes lazy registration with Close
	reg   atomic.Pointer[reactor.Registration] // stored under mu; see registration
	// shared is set (under mu, never cleared) when the socket moved to the
	// process-wide fallback reactor because two runtimes waited on it.
	shared atomic.Bool
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

// registration returns the registration to wait on for direction dir
// under cx, registering the fd on first use. The caller holds a ref.
//
// A socket is not owned by the executor that first polled it. Its
// registration lives on one reactor at a time and moves:
//
//   - Fast path: the registration is live and belongs to the reactor of cx
//     (reactor.From), or the socket is shared: use it.
//   - The registration's reactor was closed (the executor, or BlockOn, that
//     first polled it has finished), or cx belongs to another runtime and
//     no task waits on the other direction: register with cx's reactor,
//     MarkReady the new registration (readiness the old reactor saw is not
//     reported again), publish it, then close the old one. Closing wakes
//     whoever still waited on the old one; they poll again, find the new
//     registration and move it back or share it, so no wake-up is lost.
//   - cx belongs to another runtime while a task waits on the other
//     direction (a reader and a writer on two executors at once): move to
//     the process-wide fallback reactor, whose own goroutine drives it,
//     and stay there (shared). Every waiter is then woken by that
//     goroutine whichever executor it runs on.
func (fd *FD) registration(cx *future.Context, dir reactor.Interest) (*reactor.Registration, error) {
	if g := fd.reg.Load(); g != nil && !g.Closed() && (fd.shared.Load() || g.Reactor() == reactor.From(cx)) {
		return g, nil
	}
	return fd.rebind(cx, dir)
}

// rebind is the slow path of registration: first registration, or a move.
func (fd *FD) rebind(cx *future.Context, dir reactor.Interest) (*reactor.Registration, error) {
	fd.mu.Lock()
	defer fd.mu.Unlock()
	if fd.Closed() {
		return nil, net.ErrClosed
	}
	old := fd.reg.Load()
	r := reactor.From(cx)
	if old != nil && !old.Closed() {
		if fd.shared.Load() || old.Reactor() == r {
			return old, nil // another poll moved it here meanwhile
		}
		other := reactor.Writable
		if dir == reactor.Writable {
			other = reactor.Readable
		}
		if old.Waiting(other) {
			r = reactor.From(nil)
			fd.shared.Store(true)
		}
	}
	g, err := r.Register(fd.Sysfd, reactor.Readable|reactor.Writable)
	if err != nil {
		return nil, err
	}
	if old != nil {
		g.MarkReady()
	}
	fd.reg.Store(g)
	if old != nil {
		_ = old.Close()
	}
	return g, nil
}

// Release hands back direction dir if w waits there (see
// reactor.Registration.Release): a dropped future's Drop calls it so that
// the next task may wait on that direction.
func (fd *FD) Release(dir reactor.Interest, w waker.Waker) {
	if g := fd.reg.Load(); g != nil {
		g.Release(dir, w)
	}
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
