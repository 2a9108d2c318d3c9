//go:build linux

package reactor_test

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// The loop an executor runs: poll, and when Pending, park in Wait until
// the registration's waker fires.
func Example() {
	r, _ := reactor.New()
	defer r.Close()
	fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	g, _ := r.Register(fds[0], reactor.Readable)
	defer g.Close()

	cx := future.NewContext(waker.Func(func() { fmt.Println("bell rings") }))
	fmt.Println("ready:", g.PollReadReady(cx).IsReady())
	unix.Write(fds[1], []byte("order"))
	r.Wait(-1) // dispatches the event: the waker runs
	fmt.Println("ready:", g.PollReadReady(cx).IsReady())
	// Output:
	// ready: false
	// bell rings
	// ready: true
}
