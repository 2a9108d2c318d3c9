//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
)

// ReadFuture is the future returned by [Stream.Read]: a
// future.Future[future.Result[int]]. Cancel-safe.
type ReadFuture struct {
	s    *Stream
	p    []byte
	wait waitSlot
}

// Poll reads once the stream is readable. It panics after Ready or Drop.
func (f *ReadFuture) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	f.wait.check(f)
	return f.wait.note(cx, f.s.fd.PollRead(cx, f.p, f))
}

// Drop cancels the read; nothing was read. A pending read hands the read
// direction back, so that another task may read next. Idempotent.
func (f *ReadFuture) Drop() { f.wait.drop(f.s, reactor.Readable) }

// String describes the wait, like "tcp.Read fd 7".
func (f *ReadFuture) String() string { return (*readWait)(f.s).String() }

// WriteFuture is the future returned by [Stream.Write]: a
// future.Future[future.Result[int]] that writes all of its buffer. Not
// cancel-safe: see [WriteFuture.Written].
type WriteFuture struct {
	s    *Stream
	p    []byte
	n    int
	wait waitSlot
}

// Poll writes until the whole buffer is written or an error occurs. It
// panics after Ready or Drop.
func (f *WriteFuture) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	f.wait.check(f)
	for f.n < len(f.p) {
		p := f.s.fd.PollWrite(cx, f.p[f.n:], f)
		r, ok := p.Get()
		if !ok {
			f.wait.noteReady(cx, false)
			return p
		}
		f.n += r.Value
		if r.Err != nil {
			f.wait.noteReady(cx, true)
			return future.Ready(future.Result[int]{Value: f.n, Err: r.Err})
		}
	}
	f.wait.noteReady(cx, true)
	return future.Ready(future.Ok(f.n))
}

// Written returns how many bytes of the buffer have been sent so far: after
// a Drop, the prefix the peer may have received.
func (f *WriteFuture) Written() int { return f.n }

// Drop cancels the write; Written bytes stay sent. A pending write hands
// the write direction back. Idempotent.
func (f *WriteFuture) Drop() { f.wait.drop(f.s, reactor.Writable) }

// String describes the wait, like "tcp.Write fd 7".
func (f *WriteFuture) String() string { return (*writeWait)(f.s).String() }
