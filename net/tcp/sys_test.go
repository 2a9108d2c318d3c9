//go:build linux

package tcp_test

import (
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/net/tcp"
)

// setLinger0 makes the stream's Close send an RST (an abortive close).
func setLinger0(s *tcp.Stream) error {
	return tcp.ControlForTest(s, func(fd int) error {
		return unix.SetsockoptLinger(fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
