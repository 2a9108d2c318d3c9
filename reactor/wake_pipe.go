//go:build netbsd || openbsd

package reactor

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// wakeSource is a non-blocking pipe whose read end is watched with
// EVFILT_READ (these kernels lack EVFILT_USER). Wake writes one byte; Wait
// drains the pipe.
type wakeSource struct{ r, w int }

func (s *wakeSource) open(kq int) error {
	var fds [2]int
	if err := unix.Pipe2(fds[:], unix.O_NONBLOCK|unix.O_CLOEXEC); err != nil {
		return os.NewSyscallError("pipe2", err)
	}
	s.r, s.w = fds[0], fds[1]
	var k unix.Kevent_t
	unix.SetKevent(&k, s.r, unix.EVFILT_READ, unix.EV_ADD|unix.EV_CLEAR)
	if _, err := unix.Kevent(kq, []unix.Kevent_t{k}, nil, nil); err != nil {
		s.close()
		return os.NewSyscallError("kevent", err)
	}
	return nil
}

func (s *wakeSource) trigger(int) error {
	_, err := unix.Write(s.w, pipeByte[:])
	if err == nil || errors.Is(err, unix.EAGAIN) {
		return nil
	}
	return os.NewSyscallError("write", err)
}

func (s *wakeSource) is(ev *unix.Kevent_t) bool {
	return int(ev.Filter) == unix.EVFILT_READ && int(ev.Ident) == s.r
}

func (s *wakeSource) drain() {
	var buf [64]byte
	for {
		if n, err := unix.Read(s.r, buf[:]); n <= 0 || err != nil {
			return
		}
	}
}

func (s *wakeSource) close() error {
	return errors.Join(unix.Close(s.r), unix.Close(s.w))
}

// pipeByte is what trigger writes; a package variable so the write does
// not allocate.
var pipeByte = [1]byte{1}
