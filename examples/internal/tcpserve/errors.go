package tcpserve

import "errors"

// ErrTimeout ends a connection future whose client exceeded one of the
// server's timeouts ([Limits]); the connection has been closed.
var ErrTimeout = errors.New("tcpserve: connection timed out")

// ErrEvicted ends a connection that the accept loop closed to make room
// for a new one (see [Limits.MaxConns]).
var ErrEvicted = errors.New("tcpserve: connection evicted")
