// Package goblock lets plain goroutine code wait on Kettle futures without
// an executor: the blocking views of package aio (NewIOReader,
// NewIOWriter) and File.Close poll with a [Parker]'s Context and, on
// Pending, block the goroutine until the Parker's waker fires. Sockets
// polled so register with the process-wide fallback reactor (its Context
// carries no executor), whose driver goroutine delivers the wake-ups.
// (Package tcp's NetConn and NetListener do not use it: they are Go's own
// sockets on a duplicate descriptor, parked on Go's netpoller.)
//
// It is internal: users reach it through tcp and aio.
package goblock
