//go:build darwin || freebsd || dragonfly

package reactor

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// wakeSource is an EVFILT_USER event with ident 0 and EV_CLEAR: Wake
// triggers it with NOTE_TRIGGER, and delivery resets it, so there is
// nothing to drain.
type wakeSource struct{}

func (wakeSource) open(kq int) error {
	var k unix.Kevent_t
	unix.SetKevent(&k, 0, unix.EVFILT_USER, unix.EV_ADD|unix.EV_CLEAR)
	if _, err := unix.Kevent(kq, []unix.Kevent_t{k}, nil, nil); err != nil {
		return os.NewSyscallError("kevent", err)
	}
	return nil
}

func (wakeSource) trigger(kq int) error {
	var ch [1]unix.Kevent_t
	unix.SetKevent(&ch[0], 0, unix.EVFILT_USER, 0)
	ch[0].Fflags = unix.NOTE_TRIGGER
	if _, err := unix.Kevent(kq, ch[:], nil, nil); err != nil && !errors.Is(err, unix.EINTR) {
		return os.NewSyscallError("kevent", err)
	}
	return nil
}

func (wakeSource) is(ev *unix.Kevent_t) bool { return int(ev.Filter) == unix.EVFILT_USER }

func (wakeSource) drain() {}

func (wakeSource) close() error { return nil }
