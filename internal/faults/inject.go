package faults

import (
	"os"
	"syscall"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
)

// Injector is implemented by an explorer's Chooser that may inject
// faults. InjectFault is a choice point of the explored run: it returns
// true when the operation named by site (for example "mpsc.Send") must
// fail now. It is called on the goroutine polling the leaf, during the
// poll.
type Injector interface {
	InjectFault(site string) bool
}

// Inject reports whether the leaf future polled under cx must fail now at
// site. False unless cx's Chooser is an [Injector] that says so.
func Inject(cx *future.Context, site string) bool {
	c := taskcx.Of(cx).Chooser
	if c == nil {
		return false
	}
	in, ok := c.(Injector)
	return ok && in.InjectFault(site)
}

// NetError is the error a socket operation op ("read", "write", "accept",
// "connect") fails with when a fault is injected: the error the kernel
// gives when the peer resets the connection (ECONNREFUSED for connect),
// wrapped like the real one.
func NetError(op string) error {
	errno := syscall.ECONNRESET
	if op == "connect" {
		errno = syscall.ECONNREFUSED
	}
	return os.NewSyscallError(op, errno)
}
