package echoserver

import "sync"

// BufSize is the size of the buffer a [Conn] borrows while bytes are in
// flight: one read is at most BufSize bytes.
const BufSize = 4 << 10

// bufPool holds the buffers of connections that have nothing in flight.
// It stores *[]byte so that Put does not allocate (a slice in an
// interface would). sync.Pool is per-P and safe from any worker of a
// Multi; the garbage collector empties it, so a burst of traffic leaves
// no lasting footprint.
var bufPool = sync.Pool{New: func() any {
	b := make([]byte, BufSize)
	return &b
}}

func getBuf() *[]byte  { return bufPool.Get().(*[]byte) }
func putBuf(b *[]byte) { bufPool.Put(b) }
