//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/reactor"
)

// TryPeek is [Stream.TryRead] without taking the bytes (MSG_PEEK): it
// copies what is queued into p at once, without waiting, and the next
// Read, Peek or TryRead sees the same bytes. n > 0 bytes, or 0 and a nil
// error at end of stream, or [ErrWouldBlock] when no data is there, or a
// *net.OpError. It may be called from any goroutine or task, also while
// another task waits to read: it never registers a waker. A server uses
// it to tell a connection whose request is waiting from an idle one.
func (s *Stream) TryPeek(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	err := s.fd.Try("read", reactor.Readable, func() (string, error) {
		var err error
		n, _, err = unix.Recvfrom(s.fd.Sysfd, p, unix.MSG_PEEK|unix.MSG_DONTWAIT)
		return "recvfrom", err
	})
	if err == unix.EAGAIN {
		return 0, ErrWouldBlock
	}
	if err != nil || n < 0 {
		return 0, err
	}
	return n, nil
}
