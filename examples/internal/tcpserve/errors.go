package tcpserve

import "errors"

// ErrTimeout ends a connection future whose client exceeded one of the
// server's timeouts ([Limits]); the connection has been closed.
var ErrTimeout = errors.New("tcpserve: connection timed out")
