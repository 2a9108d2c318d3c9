// Package goblock lets plain goroutine code wait on Kettle futures without
// an executor: the blocking views of package tcp (Stream.NetConn,
// Listener.NetListener) and of package aio (NewIOReader, NewIOWriter) poll
// a leaf future with a [Parker]'s Context and, on Pending, block the
// goroutine until the Parker's waker fires or a [Deadline] expires, the way
// a goroutine parks on Go's netpoller. Sockets polled so register with the
// process-wide fallback reactor (its Context carries no executor), whose
// driver goroutine delivers the wake-ups.
//
// It is internal: users reach it through tcp and aio.
package goblock
