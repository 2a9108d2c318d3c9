//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package tcp

// This file is the honest fallback of the platforms with neither epoll nor
// kqueue (Windows, Plan 9, wasm, …), in the manner of Go's
// runtime/netpoll_stub.go: the package keeps its whole API, so programs
// build everywhere, and every operation fails with an *net.OpError that
// wraps reactor.ErrUnsupported (which also matches errors.ErrUnsupported).
// Listen and Dial never succeed, so no Stream or Listener exists here.

import (
	"net"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
)

func unsupported(op string) error {
	return &net.OpError{Op: op, Net: "tcp", Err: reactor.ErrUnsupported}
}

// Stream is a connected TCP socket; unsupported on this platform.
type Stream struct{}

// Listener is a listening TCP socket; unsupported on this platform.
type Listener struct{}

// Listen fails with reactor.ErrUnsupported on this platform.
func Listen(addr string, opts ...Option) (*Listener, error) {
	for _, o := range opts {
		if o == nil {
			panic("tcp.Listen: nil option")
		}
	}
	return nil, unsupported("listen")
}

// Dial returns a future that fails with reactor.ErrUnsupported.
func Dial(addr string) *DialFuture { return &DialFuture{addr: addr} }

// DialFuture is the future returned by [Dial].
type DialFuture struct {
	addr string
	done bool
}

// Poll is Ready with the unsupported-platform error.
func (f *DialFuture) Poll(*future.Context) future.Poll[future.Result[*Stream]] {
	f.done = true
	return future.Ready(future.Err[*Stream](unsupported("dial")))
}

// Drop does nothing.
func (f *DialFuture) Drop() { f.done = true }

// String describes the wait.
func (f *DialFuture) String() string { return "tcp.Dial " + f.addr }

// errFuture is the shape of every other future here: Ready with an error.
type errFuture[T any] struct{ op string }

func (f *errFuture[T]) Poll(*future.Context) future.Poll[future.Result[T]] {
	return future.Ready(future.Err[T](unsupported(f.op)))
}
func (f *errFuture[T]) Drop()          {}
func (f *errFuture[T]) String() string { return "tcp." + f.op }

// AcceptFuture is the future returned by [Listener.Accept].
type AcceptFuture struct{ errFuture[*Stream] }

// ReadFuture is the future returned by [Stream.Read].
type ReadFuture struct{ errFuture[int] }

// WriteFuture is the future returned by [Stream.Write].
type WriteFuture struct{ errFuture[int] }

// Written returns 0: nothing is ever written here.
func (f *WriteFuture) Written() int { return 0 }

// PeekFuture is the future returned by [Stream.Peek].
type PeekFuture struct{ errFuture[int] }

// ReadyFuture is the future returned by [Stream.Readable] and [Stream.Writable].
type ReadyFuture struct{ op string }

// Poll is Ready with the unsupported-platform error.
func (f *ReadyFuture) Poll(*future.Context) future.Poll[error] {
	return future.Ready(unsupported(f.op))
}

// Drop does nothing.
func (f *ReadyFuture) Drop() {}

// String describes the wait.
func (f *ReadyFuture) String() string { return "tcp." + f.op }

func (l *Listener) Accept() *AcceptFuture { return &AcceptFuture{errFuture[*Stream]{"accept"}} }
func (l *Listener) Addr() net.Addr        { return nil }
func (l *Listener) Close() error          { return unsupported("close") }
func (l *Listener) NetListener() net.Listener {
	return errListener{l: l, err: unsupported("listen")}
}
func (l *Listener) PollAccept(*future.Context) future.Poll[future.Result[*Stream]] {
	return future.Ready(future.Err[*Stream](unsupported("accept")))
}
func (l *Listener) String() string { return "tcp.Listener (unsupported)" }

func (s *Stream) Close() error                { return unsupported("close") }
func (s *Stream) CloseWrite() error           { return unsupported("close") }
func (s *Stream) LocalAddr() net.Addr         { return nil }
func (s *Stream) RemoteAddr() net.Addr        { return nil }
func (s *Stream) NetConn() net.Conn           { return errConn{s: s, err: unsupported("dup")} }
func (s *Stream) Peek(p []byte) *PeekFuture   { return &PeekFuture{errFuture[int]{"read"}} }
func (s *Stream) Read(p []byte) *ReadFuture   { return &ReadFuture{errFuture[int]{"read"}} }
func (s *Stream) Write(p []byte) *WriteFuture { return &WriteFuture{errFuture[int]{"write"}} }
func (s *Stream) Readable() *ReadyFuture      { return &ReadyFuture{"read"} }
func (s *Stream) Writable() *ReadyFuture      { return &ReadyFuture{"write"} }
func (s *Stream) PollRead(*future.Context, []byte) future.Poll[future.Result[int]] {
	return future.Ready(future.Err[int](unsupported("read")))
}
func (s *Stream) PollWrite(*future.Context, []byte) future.Poll[future.Result[int]] {
	return future.Ready(future.Err[int](unsupported("write")))
}
func (s *Stream) SetLinger(time.Duration) error { return unsupported("setsockopt") }
func (s *Stream) SetNoDelay(bool) error         { return unsupported("setsockopt") }
func (s *Stream) String() string                { return "tcp.Stream (unsupported)" }
func (s *Stream) TryRead([]byte) (int, error)   { return 0, unsupported("read") }
func (s *Stream) TryPeek([]byte) (int, error)   { return 0, unsupported("read") }
func (s *Stream) TryWrite([]byte) (int, error)  { return 0, unsupported("write") }
