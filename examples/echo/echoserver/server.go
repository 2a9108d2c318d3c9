package echoserver

import (
	"time"

	"github.com/kettle-rt/kettle/examples/internal/tcpserve"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// Server accepts connections on a listener and spawns one [Conn] task per
// connection on its executor. Build it with [New]; drive it with
// Serve, which returns the accept loop (see [tcpserve.Server.Serve]:
// it enforces [MaxConns] by closing the least recently active
// connection); Addr, Accepted, Evicted, Open and Close do what they say.
// Its counters are safe to read from any goroutine.
//
// The accept loop is shared with the other TCP example, so Server is the
// shared loop instantiated with this package's connection future.
type Server = tcpserve.Server[future.Result[int64]]

// Option sets one of the limits of a [Server] or a [Conn]; see
// [MaxConns], [IdleTimeout] and [WriteTimeout]. Defaults: 1024
// connections, 2 minutes idle, 30 s to write an echo.
type Option = tcpserve.Option

// MaxConns sets how many connections may be open at once; n must be
// positive. When one more arrives, the least recently active connection
// is closed to make room.
func MaxConns(n int) Option { return tcpserve.MaxConns(n) }

// IdleTimeout sets how long a connection may wait for bytes with nothing
// in flight before it is closed; d must be positive.
func IdleTimeout(d time.Duration) Option { return tcpserve.IdleTimeout(d) }

// WriteTimeout sets how long an echo may wait for the peer to read it
// before the connection is closed; d must be positive.
func WriteTimeout(d time.Duration) Option { return tcpserve.WriteTimeout(d) }

// New returns a server for ln whose connection tasks run on ex, held to
// the limits opts set. The server owns ln: Server.Close and the end of
// Serve close it. Panics naming the call if ex or ln is nil, or naming the
// option if a value is not positive ("echoserver.New: IdleTimeout(0s):
// must be positive").
func New(ex executor.Executor, ln *tcp.Listener, opts ...Option) *Server {
	return tcpserve.New("echoserver", "echo", ex, ln, newConnFuture, opts...)
}

// newConnFuture is [NewConn] typed as the future the accept loop spawns.
func newConnFuture(s *tcp.Stream, l *tcpserve.Limits) future.Future[future.Result[int64]] {
	return newConn(s, l)
}
