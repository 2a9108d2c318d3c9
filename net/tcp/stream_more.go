//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
)

// Peek returns a future that reads into p without removing the bytes from
// the socket's receive queue (MSG_PEEK): the next Read or Peek sees them
// again. Ready with n > 0, or 0 at end of stream, or a *net.OpError.
// Cancel-safe. It counts as a reader: it may not wait while another task
// reads.
func (s *Stream) Peek(p []byte) *PeekFuture { return &PeekFuture{s: s, p: p} }

// PeekFuture is the future returned by [Stream.Peek]. Cancel-safe.
type PeekFuture struct {
	s    *Stream
	p    []byte
	wait waitSlot
}

// Poll peeks once the stream is readable. It panics after Ready or Drop.
func (f *PeekFuture) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	f.wait.check(f)
	return f.wait.note(cx, f.s.fd.PollPeek(cx, f.p, f))
}

// Drop cancels the peek, giving the read direction back. Idempotent.
func (f *PeekFuture) Drop() { f.wait.drop(f.s, reactor.Readable) }

// String describes the wait, like "tcp.Peek fd 7".
func (f *PeekFuture) String() string { return fmt.Sprintf("tcp.Peek fd %d", f.s.fd.Sysfd) }

// Readable returns a future that is ready (nil) once the stream may be
// read, or with a *net.OpError once it is closed. Like tokio's readable()
// it can report readiness that is gone by the time you try: pair it with
// [Stream.TryRead] and loop on [ErrWouldBlock]. Cancel-safe.
func (s *Stream) Readable() *ReadyFuture { return &ReadyFuture{s: s, dir: reactor.Readable} }

// Writable is [Stream.Readable] for writing, paired with [Stream.TryWrite].
func (s *Stream) Writable() *ReadyFuture { return &ReadyFuture{s: s, dir: reactor.Writable} }

// ReadyFuture is the future returned by [Stream.Readable] and
// [Stream.Writable]: a future.Future[error]. Cancel-safe.
type ReadyFuture struct {
	s    *Stream
	dir  reactor.Interest
	wait waitSlot
}

// Poll waits for readiness. It panics after Ready or Drop.
func (f *ReadyFuture) Poll(cx *future.Context) future.Poll[error] {
	f.wait.check(f)
	p := f.s.fd.PollReadiness(cx, f.dir, f)
	f.wait.noteReady(cx, p.IsReady())
	return p
}

// Drop cancels the wait, giving the direction back. Idempotent.
func (f *ReadyFuture) Drop() { f.wait.drop(f.s, f.dir) }

// String describes the wait, like "tcp.Readable fd 7".
func (f *ReadyFuture) String() string {
	if f.dir == reactor.Writable {
		return fmt.Sprintf("tcp.Writable fd %d", f.s.fd.Sysfd)
	}
	return fmt.Sprintf("tcp.Readable fd %d", f.s.fd.Sysfd)
}

// TryRead reads into p at once, without waiting: n > 0 bytes, or 0 and a
// nil error at end of stream, or [ErrWouldBlock] when no data is there, or
// a *net.OpError. It may be called from any goroutine or task.
func (s *Stream) TryRead(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	err := s.fd.Try("read", reactor.Readable, func() (string, error) {
		var err error
		n, err = unix.Read(s.fd.Sysfd, p)
		return "read", err
	})
	if err == unix.EAGAIN {
		return 0, ErrWouldBlock
	}
	if err != nil || n < 0 {
		return 0, err
	}
	return n, nil
}

// TryWrite writes a prefix of p at once, without waiting: n > 0 bytes
// (maybe fewer than len(p)), or [ErrWouldBlock] when the send buffer is
// full (nothing written), or a *net.OpError.
func (s *Stream) TryWrite(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	err := s.fd.Try("write", reactor.Writable, func() (string, error) {
		var err error
		n, err = unix.Write(s.fd.Sysfd, p)
		return "write", err
	})
	if err == unix.EAGAIN {
		return 0, ErrWouldBlock
	}
	if err != nil || n < 0 {
		return 0, err
	}
	return n, nil
}

// SetLinger sets SO_LINGER, as (*net.TCPConn).SetLinger does: d < 0 (the
// default) lets Close return at once and the kernel send the rest in the
// background; d == 0 makes Close discard unsent data and reset the
// connection; d > 0 makes Close wait up to d (whole seconds, rounded up)
// for the data to be sent. Note that a lingering Close blocks its caller.
func (s *Stream) SetLinger(d time.Duration) error {
	l := unix.Linger{}
	if d >= 0 {
		l.Onoff = 1
		l.Linger = int32((d + time.Second - 1) / time.Second)
	}
	err := s.fd.Control(func(sysfd int) error {
		return unix.SetsockoptLinger(sysfd, unix.SOL_SOCKET, unix.SO_LINGER, &l)
	})
	return s.closeErr("setsockopt", err)
}
