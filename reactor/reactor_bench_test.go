//go:build linux

package reactor_test

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/kettle-rt/kettle/reactor"
)

// BenchmarkWakeCoalesced: the cost of a Wake when one is already pending.
func BenchmarkWakeCoalesced(b *testing.B) {
	r, err := reactor.New()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	_ = r.Wake()
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Wake()
	}
}

// BenchmarkWakeWait: one Wake plus the Wait it interrupts (an eventfd
// write, an epoll_wait and an eventfd read).
func BenchmarkWakeWait(b *testing.B) {
	r, err := reactor.New()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Wake()
		_, _ = r.Wait(-1)
	}
}

// BenchmarkReadinessCycle: an event on a socketpair through Wait to a
// woken waiter, a read, the EAGAIN and the clear.
func BenchmarkReadinessCycle(b *testing.B) {
	r, err := reactor.New()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	g, err := r.Register(fds[0], reactor.Readable)
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close()
	c := newCounter()
	cx := c.cx()
	msg, buf := []byte("x"), make([]byte, 8)
	b.ReportAllocs()
	for b.Loop() {
		g.PollReadReady(cx)
		_, _ = unix.Write(fds[1], msg)
		_, _ = r.Wait(-1)
		tick := g.Tick()
		_, _ = unix.Read(fds[0], buf)
		_, _ = unix.Read(fds[0], buf)
		g.ClearReadReady(tick)
	}
}
