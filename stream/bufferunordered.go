package stream

import "github.com/kettle-rt/kettle/future"

// BufferUnordered returns a stream that keeps up to n futures of s running
// at once and yields their outputs as they finish (futures-rs
// StreamExt::buffer_unordered).
//
// Each PollNext first takes futures from s while fewer than n are running,
// then polls the running futures that were woken (an [Unordered] set: each
// future has its own waker, so a PollNext costs O(woken), not O(n)), and
// yields the first output ready. It ends when s has ended and every output
// was yielded. A future that panics is removed before the panic leaves
// PollNext and is never polled again.
//
// Panics with "stream.BufferUnordered: nil stream" or, for n < 1,
// "stream.BufferUnordered: n = 0, want n >= 1"; a nil future from s panics
// in the PollNext that received it. Cost: the set's nodes (48 bytes per
// running future, reused), none per item. Cancel-safe when s is: an output
// is taken from its future only in the PollNext that yields it. Drop drops
// every running future, then s unless it ended.
func BufferUnordered[T any](s Stream[future.Future[T]], n int) Stream[T] {
	mustStream("BufferUnordered", s)
	mustPositive("BufferUnordered", n)
	return &bufferUnordered[T]{s: s, n: n}
}

// bufferUnordered is the stream behind [BufferUnordered].
type bufferUnordered[T any] struct {
	s     Stream[future.Future[T]] // nil once ended
	set   Unordered[T]
	n     int
	phase phase
}

// PollNext fills the set from s and yields the first output ready.
func (b *bufferUnordered[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !b.phase.CheckStream(b) {
		return endOf[T]()
	}
	for b.s != nil && b.set.Len() < b.n {
		f, ok := pullFuture(cx, &b.s, "BufferUnordered")
		if !ok {
			break
		}
		b.set.Push(f)
	}
	if b.set.Len() > 0 {
		if p := b.set.PollNext(cx); p.IsReady() {
			return p
		}
	}
	if b.set.Len() == 0 && b.s == nil {
		b.set.Drop()
		b.phase = ended
		return endOf[T]()
	}
	return pending[T]()
}

// Drop drops the running futures, then s unless it ended; a no-op the
// second time.
func (b *bufferUnordered[T]) Drop() {
	if b.phase != live {
		b.phase = dropped
		return
	}
	s := b.s
	b.s, b.phase = nil, dropped
	b.set.Drop()
	drop(s)
}
