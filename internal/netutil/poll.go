//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netutil

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
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
func (fd *FD) await(cx *future.Context, dir reactor.Interest, w waker.Waker, what fmt.Stringer) (*reactor.Registration, reactor.Tick, waitStatus, error) {
	for moves := 0; ; moves++ {
		g, err := fd.registration(cx, dir)
		if err != nil {
			return nil, 0, waitFailed, err
		}
		var p future.Poll[error]
		if !w.IsNoop() {
			p = g.PollReady(dir, w)
		} else if dir == reactor.Readable {
			p = g.PollReadReady(cx)
		} else {
			p = g.PollWriteReady(cx)
		}
		e, ok := p.Get()
		switch {
		case !ok:
			cx.SetWaitingOn(what)
			return g, 0, waitPending, nil
		case e == reactor.ErrClosed && !fd.Closed() && moves < 16:
			continue // its reactor closed or another poll moved it: rebind
		case e != nil:
			return g, 0, waitFailed, e
		}
		return g, g.Tick(), waitReady, nil
	}
}

// pollIO is the readiness loop behind every Poll method. It holds a ref on
// fd for the call (op's ErrClosed if Close came first), spends one unit of
// cooperative budget first if spend is set (Pending, the task woken, when it
// is spent), then waits until dir may be ready and calls try, again and
// again, until try settles.
//
// try makes one non-blocking attempt and says with its error what came of
// it: nil, settled (try keeps its results, failures of its own included, in
// variables it captured); EAGAIN, not ready after all (pollIO clears the
// readiness of that tick and waits again); EINTR, try again at once;
// anything else, the syscall named call failed. try does not escape, so its
// closure lives on the caller's stack: no allocation per call.
//
// w, when not the zero Waker, is stored instead of cx's waker (a listener's
// waker that wakes all its acceptors).
//
// pollIO returns pending when cx's waker is stored (what is recorded as
// what the task waits on), else the failure as an *net.OpError for op, or
// nil when try settled.
func (fd *FD) pollIO(cx *future.Context, op string, dir reactor.Interest, spend bool, w waker.Waker, what fmt.Stringer, try func() (call string, err error)) (pending bool, err error) {
	if !fd.Incref() {
		return false, fd.OpError(op, reactor.ErrClosed)
	}
	defer fd.Decref()
	if spend && !cx.ConsumeBudget() {
		return true, nil
	}
	for {
		g, tick, st, err := fd.await(cx, dir, w, what)
		switch st {
		case waitPending:
			return true, nil
		case waitFailed:
			return false, fd.OpError(op, err)
		}
		call, err := try()
		switch err {
		case nil:
			return false, nil
		case unix.EINTR:
		case unix.EAGAIN:
			if dir == reactor.Readable {
				g.ClearReadReady(tick)
			} else {
				g.ClearWriteReady(tick)
			}
		default:
			return false, fd.SyscallOpError(op, call, err)
		}
	}
}

// countPoll turns pollIO's outcome for a byte count into a Poll.
func countPoll(n int, pending bool, err error) future.Poll[future.Result[int]] {
	switch {
	case pending:
		return future.Pending[future.Result[int]]()
	case err != nil:
		return future.Ready(future.Err[int](err))
	}
	return future.Ready(future.Ok(n))
}

// PollRead reads into p once the socket is readable: Ready with n > 0, or 0
// at end of stream (or when len(p) == 0), or an *net.OpError. It spends one
// unit of cooperative budget first. Cancel-safe: Pending means nothing was
// read. No allocation unless it fails.
func (fd *FD) PollRead(cx *future.Context, p []byte, what fmt.Stringer) future.Poll[future.Result[int]] {
	if len(p) == 0 && !fd.Closed() {
		return future.Ready(future.Ok(0))
	}
	var n int
	pending, err := fd.pollIO(cx, "read", reactor.Readable, true, waker.Waker{}, what, func() (call string, err error) {
		n, err = unix.Read(fd.Sysfd, p)
		return "read", err
	})
	return countPoll(n, pending, err)
}

// PollWrite writes a prefix of p once the socket is writable: Ready with
// n > 0 (maybe less than len(p)) or an *net.OpError. It spends one unit of
// budget first. Cancel-safe: Pending means nothing was written.
func (fd *FD) PollWrite(cx *future.Context, p []byte, what fmt.Stringer) future.Poll[future.Result[int]] {
	if len(p) == 0 && !fd.Closed() {
		return future.Ready(future.Ok(0))
	}
	var n int
	pending, err := fd.pollIO(cx, "write", reactor.Writable, true, waker.Waker{}, what, func() (call string, err error) {
		n, err = unix.Write(fd.Sysfd, p)
		return "write", err
	})
	return countPoll(n, pending, err)
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
	return fd.PollAcceptWith(cx, waker.Waker{}, what)
}

// PollAcceptWith is PollAccept storing w (if not zero) instead of cx's
// waker: a listener's broadcast waker, so that any number of tasks may
// await Accept.
func (fd *FD) PollAcceptWith(cx *future.Context, w waker.Waker, what fmt.Stringer) future.Poll[Accepted] {
	var a Accepted
	pending, err := fd.pollIO(cx, "accept", reactor.Readable, true, w, what, func() (call string, err error) {
		a.Sysfd, a.Peer, call, err = accept(fd.Sysfd)
		if err == unix.ECONNABORTED {
			err = unix.EINTR // skip the aborted one: retry at once
		}
		return call, err
	})
	if pending {
		return future.Pending[Accepted]()
	}
	if err != nil {
		return future.Ready(Accepted{Err: err})
	}
	return future.Ready(a)
}

// PollConnect waits for a non-blocking connect to finish and returns its
// outcome (SO_ERROR), nil on success. Not cancel-safe in the sense that
// dropping it abandons the connection attempt (close the FD). It spends no
// budget.
func (fd *FD) PollConnect(cx *future.Context, what fmt.Stringer) future.Poll[error] {
	var res error
	pending, err := fd.pollIO(cx, "dial", reactor.Writable, false, waker.Waker{}, what, func() (call string, err error) {
		soerr, err := unix.GetsockoptInt(fd.Sysfd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			res = fd.SyscallOpError("dial", "getsockopt", err)
			return "", nil
		}
		switch e := unix.Errno(soerr); e {
		case 0:
			// Writable with no error can still be spurious on some
			// kernels; getpeername tells a finished connect apart.
			if _, err := unix.Getpeername(fd.Sysfd); err == nil {
				return "", nil
			}
			return "", unix.EAGAIN
		case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
			return "", unix.EAGAIN // not finished: wait for writability again
		default:
			return "connect", e
		}
	})
	switch {
	case pending:
		return future.Pending[error]()
	case err != nil:
		return future.Ready(err)
	}
	return future.Ready(res)
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
	var d Datagram
	pending, err := fd.pollIO(cx, "read", reactor.Readable, true, waker.Waker{}, what, func() (call string, err error) {
		d.N, d.From, err = unix.Recvfrom(fd.Sysfd, p, 0)
		return "recvfrom", err
	})
	if pending {
		return future.Pending[Datagram]()
	}
	if err != nil {
		return future.Ready(Datagram{Err: err})
	}
	return future.Ready(d)
}

// PollSendTo sends p as one datagram to sa once the socket is writable.
// Cancel-safe: Pending means nothing was sent.
func (fd *FD) PollSendTo(cx *future.Context, p []byte, sa unix.Sockaddr, what fmt.Stringer) future.Poll[future.Result[int]] {
	pending, err := fd.pollIO(cx, "write", reactor.Writable, true, waker.Waker{}, what, func() (string, error) {
		return "sendto", unix.Sendto(fd.Sysfd, p, 0, sa)
	})
	return countPoll(len(p), pending, err)
}

// PollPeek reads into p without taking the bytes from the socket's queue
// (MSG_PEEK) once it is readable: Ready with n > 0, 0 at end of stream, or
// an *net.OpError. Cancel-safe.
func (fd *FD) PollPeek(cx *future.Context, p []byte, what fmt.Stringer) future.Poll[future.Result[int]] {
	if len(p) == 0 && !fd.Closed() {
		return future.Ready(future.Ok(0))
	}
	var n int
	pending, err := fd.pollIO(cx, "read", reactor.Readable, true, waker.Waker{}, what, func() (call string, err error) {
		n, _, err = unix.Recvfrom(fd.Sysfd, p, unix.MSG_PEEK)
		return "recvfrom", err
	})
	return countPoll(n, pending, err)
}

// PollReadiness waits until direction dir may be ready (the registration
// has seen an edge and no syscall has reported EAGAIN since): Ready(nil),
// or Ready with an *net.OpError once the socket is closed. Like tokio's
// readable(), it may report readiness that a following try finds gone
// (ErrWouldBlock): loop. Spends one unit of budget.
func (fd *FD) PollReadiness(cx *future.Context, dir reactor.Interest, what fmt.Stringer) future.Poll[error] {
	op := "read"
	if dir == reactor.Writable {
		op = "write"
	}
	pending, err := fd.pollIO(cx, op, dir, true, waker.Waker{}, what, func() (string, error) { return "", nil })
	if pending {
		return future.Pending[error]()
	}
	return future.Ready(err)
}

// Try makes one non-blocking attempt of dir's syscall (try, as in pollIO)
// without waiting: nil, the syscall's failure as an *net.OpError for op, or
// unix.EAGAIN unwrapped when the socket is not ready (readiness is cleared
// for the tick observed before the attempt).
func (fd *FD) Try(op string, dir reactor.Interest, try func() (call string, err error)) error {
	if !fd.Incref() {
		return fd.OpError(op, reactor.ErrClosed)
	}
	defer fd.Decref()
	g := fd.reg.Load()
	var tick reactor.Tick
	if g != nil {
		tick = g.Tick()
	}
	for {
		call, err := try()
		switch err {
		case nil:
			return nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if g != nil {
				if dir == reactor.Readable {
					g.ClearReadReady(tick)
				} else {
					g.ClearWriteReady(tick)
				}
			}
			return unix.EAGAIN
		default:
			return fd.SyscallOpError(op, call, err)
		}
	}
}

// PollSend sends p as one datagram to the connected peer once the socket
// is writable. Cancel-safe: Pending means nothing was sent.
func (fd *FD) PollSend(cx *future.Context, p []byte, what fmt.Stringer) future.Poll[future.Result[int]] {
	pending, err := fd.pollIO(cx, "write", reactor.Writable, true, waker.Waker{}, what, func() (string, error) {
		_, err := unix.Write(fd.Sysfd, p)
		return "write", err
	})
	return countPoll(len(p), pending, err)
}
