//go:build darwin || netbsd || openbsd

package netutil

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// Socket opens a socket and makes it non-blocking and close-on-exec. The
// fork lock keeps a concurrent fork+exec from inheriting it in between.
func Socket(family, typ, proto int) (int, error) {
	syscall.ForkLock.RLock()
	fd, err := unix.Socket(family, typ, proto)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// accept takes one connection and makes it non-blocking and close-on-exec.
func accept(fd int) (int, unix.Sockaddr, string, error) {
	syscall.ForkLock.RLock()
	nfd, sa, err := unix.Accept(fd)
	if err == nil {
		unix.CloseOnExec(nfd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, nil, "accept", err
	}
	if err := unix.SetNonblock(nfd, true); err != nil {
		unix.Close(nfd)
		return -1, nil, "fcntl", err
	}
	return nfd, sa, "accept", nil
}
