//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package udp

// The fallback of the platforms with neither epoll nor kqueue: the whole
// API builds, and every operation fails with an *net.OpError wrapping
// reactor.ErrUnsupported (which also matches errors.ErrUnsupported). Bind
// never succeeds, so no Socket exists here.

import (
	"net"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/reactor"
)

func unsupported(op string) error {
	return &net.OpError{Op: op, Net: "udp", Err: reactor.ErrUnsupported}
}

// Socket is a bound UDP socket; unsupported on this platform.
type Socket struct{}

// Packet is what [Socket.ReadFrom] delivers.
type Packet struct {
	N    int
	Addr *net.UDPAddr
}

// Bind fails with reactor.ErrUnsupported on this platform.
func Bind(addr string) (*Socket, error) { return nil, unsupported("listen") }

type errFuture[T any] struct{ op string }

func (f *errFuture[T]) Poll(*future.Context) future.Poll[future.Result[T]] {
	return future.Ready(future.Err[T](unsupported(f.op)))
}
func (f *errFuture[T]) Drop()          {}
func (f *errFuture[T]) String() string { return "udp." + f.op }

// ReadFromFuture is the future returned by [Socket.ReadFrom].
type ReadFromFuture struct{ errFuture[Packet] }

// WriteToFuture is the future returned by [Socket.WriteTo].
type WriteToFuture struct{ errFuture[int] }

// SendFuture is the future returned by [Socket.Send].
type SendFuture struct{ errFuture[int] }

// RecvFuture is the future returned by [Socket.Recv].
type RecvFuture struct{ errFuture[int] }

func (s *Socket) Close() error              { return unsupported("close") }
func (s *Socket) Connect(addr string) error { return unsupported("dial") }
func (s *Socket) LocalAddr() net.Addr       { return nil }
func (s *Socket) RemoteAddr() net.Addr      { return nil }
func (s *Socket) ReadFrom(p []byte) *ReadFromFuture {
	return &ReadFromFuture{errFuture[Packet]{"read"}}
}
func (s *Socket) WriteTo(p []byte, addr net.Addr) *WriteToFuture {
	return &WriteToFuture{errFuture[int]{"write"}}
}
func (s *Socket) Send(p []byte) *SendFuture { return &SendFuture{errFuture[int]{"write"}} }
func (s *Socket) Recv(p []byte) *RecvFuture { return &RecvFuture{errFuture[int]{"read"}} }
func (s *Socket) PollReadFrom(*future.Context, []byte) future.Poll[future.Result[Packet]] {
	return future.Ready(future.Err[Packet](unsupported("read")))
}
func (s *Socket) PollWriteTo(*future.Context, []byte, net.Addr) future.Poll[future.Result[int]] {
	return future.Ready(future.Err[int](unsupported("write")))
}
func (s *Socket) String() string { return "udp.Socket (unsupported)" }
