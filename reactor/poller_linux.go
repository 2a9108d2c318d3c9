//go:build linux

package reactor

import (
	"encoding/binary"
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// poller is the Linux backend: an epoll instance in edge-triggered mode and
// an eventfd for Wake. Each epoll event carries the fd and the
// registration's generation (in the Pad word), so an event queued for a
// registration closed since then is not delivered to a new registration of
// the same fd number.
type poller struct {
	epfd   int
	evfd   int
	events [eventBatch]unix.EpollEvent // used only by the goroutine inside Wait
	batch  [eventBatch]readyEvent
}

// wakeValue is the 8-byte native-endian 1 written to the eventfd.
var wakeValue = func() (b [8]byte) {
	binary.NativeEndian.PutUint64(b[:], 1)
	return b
}()

func openPoller() (*poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	evfd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, os.NewSyscallError("eventfd", err)
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLET, Fd: int32(evfd)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, evfd, &ev); err != nil {
		unix.Close(evfd)
		unix.Close(epfd)
		return nil, os.NewSyscallError("epoll_ctl", err)
	}
	return &poller{epfd: epfd, evfd: evfd}, nil
}

func (p *poller) add(fd int, interest Interest, gen uint32) error {
	ev := unix.EpollEvent{Events: unix.EPOLLET, Fd: int32(fd), Pad: int32(gen)}
	if interest&Readable != 0 {
		ev.Events |= unix.EPOLLIN | unix.EPOLLRDHUP
	}
	if interest&Writable != 0 {
		ev.Events |= unix.EPOLLOUT
	}
	if err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
		if errors.Is(err, unix.EEXIST) {
			return ErrAlreadyRegistered
		}
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

func (p *poller) del(fd int, _ Interest) error {
	var ev unix.EpollEvent // kernels before 2.6.9 want a non-nil event
	err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, fd, &ev)
	if err == nil || errors.Is(err, unix.EBADF) || errors.Is(err, unix.ENOENT) {
		return nil
	}
	return os.NewSyscallError("epoll_ctl", err)
}

func (p *poller) wake() error {
	_, err := unix.Write(p.evfd, wakeValue[:])
	if err == nil || errors.Is(err, unix.EAGAIN) { // EAGAIN: counter full, a wake-up is pending anyway
		return nil
	}
	return os.NewSyscallError("write", err)
}

func (p *poller) wait(r *Reactor, timeout time.Duration) (int, error) {
	n, err := unix.EpollWait(p.epfd, p.events[:], waitMillis(timeout))
	if err != nil {
		if errors.Is(err, unix.EINTR) {
			return 0, nil
		}
		return 0, os.NewSyscallError("epoll_wait", err)
	}
	k := 0
	r.mu.RLock()
	for i := 0; i < n; i++ {
		ev := &p.events[i]
		if int(ev.Fd) == p.evfd && ev.Pad == 0 {
			var buf [8]byte
			_, _ = unix.Read(p.evfd, buf[:]) // drain, then allow the next Wake to write
			r.wakePending.Store(false)
			continue
		}
		g := r.regs[int(ev.Fd)]
		if g == nil || g.gen != uint32(ev.Pad) {
			continue // closed since the kernel queued the event
		}
		var bits uint64
		if ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR|unix.EPOLLPRI) != 0 {
			bits |= readReady
		}
		if ev.Events&(unix.EPOLLOUT|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			bits |= writeReady
		}
		p.batch[k] = readyEvent{g: g, bits: bits & interestBits(g.interest)}
		k++
	}
	r.mu.RUnlock()
	dispatch(p.batch[:k])
	return n, nil
}

func (p *poller) close() error {
	err1 := unix.Close(p.evfd)
	err2 := unix.Close(p.epfd)
	if err := errors.Join(err1, err2); err != nil {
		return os.NewSyscallError("close", err)
	}
	return nil
}
