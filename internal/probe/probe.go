package probe

import "github.com/kettle-rt/kettle/future"

// Injector is implemented by an explorer's Chooser that may inject
// faults. InjectFault is a choice point of the explored run: it returns
// true when the operation named by site (for example "mpsc.Send") must
// fail now. It is called on the goroutine polling the leaf, during the
// poll.
type Injector interface {
	InjectFault(site string) bool
}

// Fault reports whether the leaf future polled under cx must fail now at
// site. False unless cx's Chooser is an [Injector] that says so.
func Fault(cx *future.Context, site string) bool {
	c := cx.Chooser()
	if c == nil {
		return false
	}
	in, ok := c.(Injector)
	return ok && in.InjectFault(site)
}
