package tcp

import "errors"

// ErrWouldBlock is returned by [Stream.TryRead] and [Stream.TryWrite] when
// the socket is not ready: nothing was read or written. Wait with
// [Stream.Readable] or [Stream.Writable] and try again.
var ErrWouldBlock = errors.New("tcp: operation would block")
