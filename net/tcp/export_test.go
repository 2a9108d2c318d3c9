//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

// ControlForTest runs f on the stream's socket.
func ControlForTest(s *Stream, f func(fd int) error) error { return s.fd.Control(f) }
