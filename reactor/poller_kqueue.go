//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package reactor

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// poller is the kqueue backend: EVFILT_READ and EVFILT_WRITE filters with
// EV_CLEAR (edge triggered), and a wake-up source (EVFILT_USER where the
// kernel has it, a pipe elsewhere; see wake_*.go). Events are matched to
// registrations by fd: kqueue drops the filters of a closed fd itself, so
// the generation check of the epoll backend is not needed.
type poller struct {
	kq     int
	wk     wakeSource
	events [eventBatch]unix.Kevent_t // used only by the goroutine inside Wait
	batch  [eventBatch]readyEvent
}

func openPoller() (*poller, error) {
	kq, err := unix.Kqueue()
	if err != nil {
		return nil, os.NewSyscallError("kqueue", err)
	}
	unix.CloseOnExec(kq)
	p := &poller{kq: kq}
	if err := p.wk.open(kq); err != nil {
		unix.Close(kq)
		return nil, err
	}
	return p, nil
}

func (p *poller) changes(fd int, interest Interest, flags int) error {
	var ch [2]unix.Kevent_t
	n := 0
	if interest&Readable != 0 {
		unix.SetKevent(&ch[n], fd, unix.EVFILT_READ, flags)
		n++
	}
	if interest&Writable != 0 {
		unix.SetKevent(&ch[n], fd, unix.EVFILT_WRITE, flags)
		n++
	}
	_, err := unix.Kevent(p.kq, ch[:n], nil, nil)
	return err
}

func (p *poller) add(fd int, interest Interest, _ uint32) error {
	if err := p.changes(fd, interest, unix.EV_ADD|unix.EV_CLEAR); err != nil {
		return os.NewSyscallError("kevent", err)
	}
	return nil
}

func (p *poller) del(fd int, interest Interest) error {
	err := p.changes(fd, interest, unix.EV_DELETE)
	if err == nil || errors.Is(err, unix.EBADF) || errors.Is(err, unix.ENOENT) {
		return nil
	}
	return os.NewSyscallError("kevent", err)
}

func (p *poller) wake() error { return p.wk.trigger(p.kq) }

func (p *poller) wait(r *Reactor, timeout time.Duration) (int, error) {
	var ts *unix.Timespec
	if timeout >= 0 {
		t := unix.NsecToTimespec(int64(timeout))
		ts = &t
	}
	n, err := unix.Kevent(p.kq, nil, p.events[:], ts)
	if err != nil {
		if errors.Is(err, unix.EINTR) {
			return 0, nil
		}
		return 0, os.NewSyscallError("kevent", err)
	}
	k := 0
	r.mu.RLock()
	for i := 0; i < n; i++ {
		ev := &p.events[i]
		if p.wk.is(ev) {
			p.wk.drain()
			r.wakePending.Store(false)
			continue
		}
		g := r.regs[int(ev.Ident)]
		if g == nil {
			continue
		}
		var bits uint64
		switch int(ev.Filter) {
		case unix.EVFILT_READ:
			bits = readReady
		case unix.EVFILT_WRITE:
			bits = writeReady
		}
		if uint64(ev.Flags)&unix.EV_ERROR != 0 {
			bits = readReady | writeReady
		}
		p.batch[k] = readyEvent{g: g, bits: bits & interestBits(g.interest)}
		k++
	}
	r.mu.RUnlock()
	dispatch(p.batch[:k])
	return n, nil
}

func (p *poller) close() error {
	err := errors.Join(p.wk.close(), unix.Close(p.kq))
	if err != nil {
		return os.NewSyscallError("close", err)
	}
	return nil
}
