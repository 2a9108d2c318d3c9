//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package udp

import (
	"net"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/phase"
)

// ReadFromFuture is the future returned by [Socket.ReadFrom]: a
// future.Future[future.Result[Packet]]. Cancel-safe.
type ReadFromFuture struct {
	s       *Socket
	p       []byte
	done    bool
	dropped bool // Drop ran before Ready: a poll panics "after Drop"
}

// Poll receives a datagram or returns Pending. It panics after Ready or
// Drop.
func (f *ReadFromFuture) Poll(cx *future.Context) future.Poll[future.Result[Packet]] {
	if f.done {
		phase.Polled(f, f.dropped)
	}
	p := f.s.pollReadFrom(cx, f.p, f)
	f.done = p.IsReady()
	return p
}

// Drop cancels the receive; nothing was received. Idempotent.
func (f *ReadFromFuture) Drop() {
	if !f.done {
		f.done, f.dropped = true, true
	}
}

// String describes the wait, like "udp.ReadFrom fd 7".
func (f *ReadFromFuture) String() string { return (*readWait)(f.s).String() }

// WriteToFuture is the future returned by [Socket.WriteTo]: a
// future.Future[future.Result[int]]. Cancel-safe.
type WriteToFuture struct {
	s       *Socket
	p       []byte
	addr    net.Addr
	done    bool
	dropped bool // Drop ran before Ready: a poll panics "after Drop"
}

// Poll sends the datagram or returns Pending. It panics after Ready or
// Drop.
func (f *WriteToFuture) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	if f.done {
		phase.Polled(f, f.dropped)
	}
	p := f.s.PollWriteTo(cx, f.p, f.addr)
	f.done = p.IsReady()
	return p
}

// Drop cancels the send; nothing was sent. Idempotent.
func (f *WriteToFuture) Drop() {
	if !f.done {
		f.done, f.dropped = true, true
	}
}

// String describes the wait, like "udp.WriteTo fd 7".
func (f *WriteToFuture) String() string { return (*writeWait)(f.s).String() }
