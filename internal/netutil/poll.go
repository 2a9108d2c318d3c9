//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netutil

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
)

// waitStatus is the outcome of FD.await.
type waitStatus uint8

const (
	waitReady   waitStatus = iota // the direction may be ready: try the syscall
	waitPending                   // Pending: the waker is stored, what recorded
	waitFailed                    // the registration failed or was closed: see err
)

// await returns the registration and the tick to clear with if the
// syscall says EAGAIN. The caller holds a ref.
func (fd *FD) await(cx *future.Context, dir reactor.Interest, what fmt.Stringer) (*reactor.Registration, reactor.Tick, waitStatus, error) {
	g, err := fd.registration(cx)
	if err != nil {
		return nil, 0, waitFailed, err
	}
	var p future.Poll[error]
	if dir == reactor.Readable {
		p = g.PollReadReady(cx)
	} else {
		p = g.PollWriteReady(cx)
	}
	e, ok := p.Get()
	switch {
	case !ok:
		cx.SetWaitingOn(what)
		return g, 0, waitPending, nil
	case e != nil:
		return g, 0, waitFailed, e
	}
	return g, g.Tick(), waitReady, nil
}

// PollRead reads into p once the socket is readable: Ready with n > 0, or 0
// at end of stream (or when len(p) == 0), or an *net.OpError. It spends one
// unit of cooperative budget first. Cancel-safe: Pending means nothing was
// read. No allocation unless it fails.
func (fd *FD) PollRead(cx *future.Context, p []byte, what fmt.Stringer) future.Poll[future.Result[int]] {
	if !fd.Incref() {
		return future.Ready(future.Err[int](fd.OpError("read", reactor.ErrClosed)))
	}
	defer fd.Decref()
	if len(p) == 0 {
		return future.Ready(future.Ok(0))
	}
	if !cx.ConsumeBudget() {
		return future.Pending[future.Result[int]]()
	}
	for {
		g, tick, st, err := fd.await(cx, reactor.Readable, what)
		switch st {
		case waitPending:
			return future.Pending[future.Result[int]]()
		case waitFailed:
			return future.Ready(future.Err[int](fd.OpError("read", err)))
		}
		n, err := unix.Read(fd.Sysfd, p)
		switch err {
		case nil:
			return future.Ready(future.Ok(n))
		case unix.EINTR:
		case unix.EAGAIN:
			g.ClearReadReady(tick)
		default:
			return future.Ready(future.Err[int](fd.SyscallOpError("read", "read", err)))
		}
	}
}

// PollWrite writes a prefix of p once the socket is writable: Ready with
// n > 0 (maybe less than len(p)) or an *net.OpError. It spends one unit of
// budget first. Cancel-safe: Pending means nothing was written.
func (fd *FD) PollWrite(cx *future.Context, p []byte, what fmt.Stringer) future.Poll[future.Result[int]] {
	if !fd.Incref() {
		return future.Ready(future.Err[int](fd.OpError("write", reactor.ErrClosed)))
	}
	defer fd.Decref()
	if len(p) == 0 {
		return future.Ready(future.Ok(0))
	}
	if !cx.ConsumeBudget() {
		return future.Pending[future.Result[int]]()
	}
	for {
		g, tick, st, err := fd.await(cx, reactor.Writable, what)
		switch st {
		case waitPending:
			return future.Pending[future.Result[int]]()
		case waitFailed:
			return future.Ready(future.Err[int](fd.OpError("write", err)))
		}
		n, err := unix.Write(fd.Sysfd, p)
		switch err {
		case nil:
			return future.Ready(future.Ok(n))
		case unix.EINTR:
		case unix.EAGAIN:
			g.ClearWriteReady(tick)
		default:
			return future.Ready(future.Err[int](fd.SyscallOpError("write", "write", err)))
		}
	}
}

// Accepted is the outcome of PollAccept: a new non-blocking close-on-exec
// socket and its peer, or Err.
type Accepted struct {
	Sysfd int
	Peer  unix.Sockaddr
	Err   error
}

// PollAccept accepts one connection once the listener is readable.
// ECONNABORTED (a peer gone before accept) is skipped. Other errors, EMFILE
// included, are returned without clearing readiness, so the next poll
// retries the same pending connection. Cancel-safe: Pending means no
// connection was taken from the queue.
func (fd *FD) PollAccept(cx *future.Context, what fmt.Stringer) future.Poll[Accepted] {
	if !fd.Incref() {
		return future.Ready(Accepted{Err: fd.OpError("accept", reactor.ErrClosed)})
	}
	defer fd.Decref()
	if !cx.ConsumeBudget() {
		return future.Pending[Accepted]()
	}
	for {
		g, tick, st, err := fd.await(cx, reactor.Readable, what)
		switch st {
		case waitPending:
			return future.Pending[Accepted]()
		case waitFailed:
			return future.Ready(Accepted{Err: fd.OpError("accept", err)})
		}
		nfd, sa, call, err := accept(fd.Sysfd)
		switch err {
		case nil:
			return future.Ready(Accepted{Sysfd: nfd, Peer: sa})
		case unix.EINTR, unix.ECONNABORTED:
		case unix.EAGAIN:
			g.ClearReadReady(tick)
		default:
			return future.Ready(Accepted{Err: fd.SyscallOpError("accept", call, err)})
		}
	}
}

// PollConnect waits for a non-blocking connect to finish and returns its
// outcome (SO_ERROR), nil on success. Not cancel-safe in the sense that
// dropping it abandons the connection attempt (close the FD).
func (fd *FD) PollConnect(cx *future.Context, what fmt.Stringer) future.Poll[error] {
	if !fd.Incref() {
		return future.Ready(fd.OpError("dial", reactor.ErrClosed))
	}
	defer fd.Decref()
	for {
		g, tick, st, err := fd.await(cx, reactor.Writable, what)
		switch st {
		case waitPending:
			return future.Pending[error]()
		case waitFailed:
			return future.Ready(fd.OpError("dial", err))
		}
		soerr, err := unix.GetsockoptInt(fd.Sysfd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			return future.Ready(fd.SyscallOpError("dial", "getsockopt", err))
		}
		switch e := unix.Errno(soerr); e {
		case 0:
			// Writable with no error can still be spurious on some
			// kernels; getpeername tells a finished connect apart.
			if _, err := unix.Getpeername(fd.Sysfd); err == nil {
				return future.Ready[error](nil)
			}
			g.ClearWriteReady(tick)
		case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
			g.ClearWriteReady(tick)
		default:
			return future.Ready(fd.SyscallOpError("dial", "connect", e))
		}
	}
}

// Datagram is the outcome of PollRecvFrom.
type Datagram struct {
	N    int
	From unix.Sockaddr
	Err  error
}

// PollRecvFrom receives one datagram into p once the socket is readable
// (a datagram longer than p is truncated). Cancel-safe.
func (fd *FD) PollRecvFrom(cx *future.Context, p []byte, what fmt.Stringer) future.Poll[Datagram] {
	if !fd.Incref() {
		return future.Ready(Datagram{Err: fd.OpError("read", reactor.ErrClosed)})
	}
	defer fd.Decref()
	if !cx.ConsumeBudget() {
		return future.Pending[Datagram]()
	}
	for {
		g, tick, st, err := fd.await(cx, reactor.Readable, what)
		switch st {
		case waitPending:
			return future.Pending[Datagram]()
		case waitFailed:
			return future.Ready(Datagram{Err: fd.OpError("read", err)})
		}
		n, from, err := unix.Recvfrom(fd.Sysfd, p, 0)
		switch err {
		case nil:
			return future.Ready(Datagram{N: n, From: from})
		case unix.EINTR:
		case unix.EAGAIN:
			g.ClearReadReady(tick)
		default:
			return future.Ready(Datagram{Err: fd.SyscallOpError("read", "recvfrom", err)})
		}
	}
}

// PollSendTo sends p as one datagram to sa once the socket is writable.
// Cancel-safe: Pending means nothing was sent.
func (fd *FD) PollSendTo(cx *future.Context, p []byte, sa unix.Sockaddr, what fmt.Stringer) future.Poll[future.Result[int]] {
	if !fd.Incref() {
		return future.Ready(future.Err[int](fd.OpError("write", reactor.ErrClosed)))
	}
	defer fd.Decref()
	if !cx.ConsumeBudget() {
		return future.Pending[future.Result[int]]()
	}
	for {
		g, tick, st, err := fd.await(cx, reactor.Writable, what)
		switch st {
		case waitPending:
			return future.Pending[future.Result[int]]()
		case waitFailed:
			return future.Ready(future.Err[int](fd.OpError("write", err)))
		}
		err = unix.Sendto(fd.Sysfd, p, 0, sa)
		switch err {
		case nil:
			return future.Ready(future.Ok(len(p)))
		case unix.EINTR:
		case unix.EAGAIN:
			g.ClearWriteReady(tick)
		default:
			return future.Ready(future.Err[int](fd.SyscallOpError("write", "sendto", err)))
		}
	}
}
