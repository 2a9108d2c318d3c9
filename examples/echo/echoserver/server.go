package echoserver

import (
	"github.com/kettle-rt/kettle/examples/internal/tcpserve"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// Server accepts connections on a listener and spawns one [Conn] task per
// connection on its executor. Build it with [New]; drive it with
// Serve, which returns the accept loop (see [tcpserve.Server.Serve]);
// Addr, Accepted and Close do what they say. Its counters are safe to
// read from any goroutine.
//
// The accept loop is shared with the other TCP example, so Server is the
// shared loop instantiated with this package's connection future.
type Server = tcpserve.Server[future.Result[int64]]

// New returns a server for ln whose connection tasks run on ex. The server
// owns ln: Server.Close and the end of Serve close it. Panics naming the
// call if ex or ln is nil.
func New(ex executor.Executor, ln *tcp.Listener) *Server {
	return tcpserve.New("echoserver", "echo", ex, ln, newConnFuture)
}

// newConnFuture is [NewConn] typed as the future the accept loop spawns.
func newConnFuture(s *tcp.Stream) future.Future[future.Result[int64]] { return NewConn(s) }
