//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tcp

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// ReadFuture is the future returned by [Stream.Read]: a
// future.Future[future.Result[int]]. Cancel-safe.
type ReadFuture struct {
	s       *Stream
	p       []byte
	w       waker.Waker // the waker stored by the last Pending, released by Drop
	waiting bool        // the last Poll returned Pending
	done    bool
}

// Poll reads once the stream is readable. It panics after Ready or Drop.
func (f *ReadFuture) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	if f.done {
		panic(fmt.Sprintf("%T polled after completion", f))
	}
	p := f.s.fd.PollRead(cx, f.p, f)
	f.done = p.IsReady()
	if f.waiting = !f.done; f.waiting {
		f.w = cx.Waker()
	}
	return p
}

// Drop cancels the read; nothing was read. A pending read hands the read
// direction back, so that another task may read next. Idempotent.
func (f *ReadFuture) Drop() {
	if f.waiting {
		f.s.fd.Release(reactor.Readable, f.w)
		f.waiting = false
	}
	f.done = true
}

// String describes the wait, like "tcp.Read fd 7".
func (f *ReadFuture) String() string { return (*readWait)(f.s).String() }

// WriteFuture is the future returned by [Stream.Write]: a
// future.Future[future.Result[int]] that writes all of its buffer. Not
// cancel-safe: see [WriteFuture.Written].
type WriteFuture struct {
	s       *Stream
	p       []byte
	n       int
	w       waker.Waker // the waker stored by the last Pending, released by Drop
	waiting bool        // the last Poll returned Pending
	done    bool
}

// Poll writes until the whole buffer is written or an error occurs. It
// panics after Ready or Drop.
func (f *WriteFuture) Poll(cx *future.Context) future.Poll[future.Result[int]] {
	if f.done {
		panic(fmt.Sprintf("%T polled after completion", f))
	}
	for f.n < len(f.p) {
		p := f.s.fd.PollWrite(cx, f.p[f.n:], f)
		r, ok := p.Get()
		if !ok {
			f.waiting, f.w = true, cx.Waker()
			return p
		}
		f.waiting = false
		f.n += r.Value
		if r.Err != nil {
			f.done = true
			return future.Ready(future.Result[int]{Value: f.n, Err: r.Err})
		}
	}
	f.done = true
	return future.Ready(future.Ok(f.n))
}

// Written returns how many bytes of the buffer have been sent so far: after
// a Drop, the prefix the peer may have received.
func (f *WriteFuture) Written() int { return f.n }

// Drop cancels the write; Written bytes stay sent. A pending write hands
// the write direction back. Idempotent.
func (f *WriteFuture) Drop() {
	if f.waiting {
		f.s.fd.Release(reactor.Writable, f.w)
		f.waiting = false
	}
	f.done = true
}

// String describes the wait, like "tcp.Write fd 7".
func (f *WriteFuture) String() string { return (*writeWait)(f.s).String() }
