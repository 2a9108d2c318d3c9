//go:build linux || freebsd || dragonfly

package netutil

import "golang.org/x/sys/unix"

// Socket opens a non-blocking close-on-exec socket in one syscall.
func Socket(family, typ, proto int) (int, error) {
	return unix.Socket(family, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
}

// accept takes one connection as a non-blocking close-on-exec socket.
func accept(fd int) (int, unix.Sockaddr, string, error) {
	nfd, sa, err := unix.Accept4(fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
	return nfd, sa, "accept4", err
}
