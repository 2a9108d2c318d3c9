package reactor

import (
	"errors"
	"fmt"
)

var (
	// ErrUnsupported is returned by [New] and [Reactor.Register] on a
	// platform with neither epoll nor kqueue, and wrapped by every socket
	// operation of packages tcp and udp there. It matches
	// errors.ErrUnsupported too.
	ErrUnsupported = fmt.Errorf("reactor: unsupported platform: %w", errors.ErrUnsupported)

	// ErrClosed is returned by the methods of a closed [Reactor], and is
	// the value that [Registration.PollReadReady] and
	// [Registration.PollWriteReady] become Ready with once the registration
	// or its reactor has been closed.
	ErrClosed = errors.New("reactor: closed")

	// ErrAlreadyRegistered is returned by [Reactor.Register] for an fd that
	// already has a live registration on the same reactor.
	ErrAlreadyRegistered = errors.New("reactor: fd already registered")

	// ErrBusy is what [Registration.PollReadReady] (or PollWriteReady)
	// becomes Ready with when another task already waits on the same
	// direction: one reader and one writer at a time per registration.
	ErrBusy = errors.New("reactor: another task already waits on this direction")

	// ErrBlocking is returned by [Reactor.Register] for an fd in blocking
	// mode: an edge-triggered reactor needs syscalls that return EAGAIN.
	ErrBlocking = errors.New("reactor: fd is in blocking mode")
)
