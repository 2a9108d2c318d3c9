//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package reactor

import (
	"os"

	"golang.org/x/sys/unix"
)

// checkNonblocking returns a wrapped EBADF for a closed fd and ErrBlocking
// for one in blocking mode.
func checkNonblocking(fd int) error {
	if fd < 0 {
		return os.NewSyscallError("fcntl", unix.EBADF)
	}
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		return os.NewSyscallError("fcntl", err)
	}
	if fl&unix.O_NONBLOCK == 0 {
		return ErrBlocking
	}
	return nil
}

// interestBits maps an Interest to the readiness bits it may set.
func interestBits(in Interest) uint64 {
	var b uint64
	if in&Readable != 0 {
		b |= readReady
	}
	if in&Writable != 0 {
		b |= writeReady
	}
	return b
}
