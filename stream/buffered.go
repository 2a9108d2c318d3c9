package stream

import "github.com/kettle-rt/kettle/future"

// Buffered returns a stream that keeps up to n futures of s running at
// once and yields their outputs in the order s produced the futures
// (futures-rs StreamExt::buffered). A future that finishes early waits,
// holding its output, until every future before it has been yielded.
//
// Each PollNext first takes futures from s while fewer than n are held
// (s is not polled while n are held), then polls the held futures that
// were woken (an [Ordered] queue: each has its own waker, so a PollNext
// costs O(woken)), then yields the oldest output if it is ready. It ends
// when s has ended and every future's output was yielded.
//
// Panics with "stream.Buffered: nil stream" or, for n < 1,
// "stream.Buffered: n = 0, want n >= 1"; a nil future from s panics in the
// PollNext that received it. Cost: the queue's nodes (48 bytes per held
// future, reused), none per item. Cancel-safe when s is: an unyielded
// output stays held. Drop drops every held future that has not finished,
// then s unless it ended; finished outputs are discarded.
func Buffered[T any](s Stream[future.Future[T]], n int) Stream[T] {
	mustStream("Buffered", s)
	mustPositive("Buffered", n)
	return &buffered[T]{s: s, n: n}
}

// buffered is the stream behind [Buffered].
type buffered[T any] struct {
	s     Stream[future.Future[T]] // nil once ended
	q     Ordered[T]
	n     int
	phase phase
}

// PollNext fills, polls the woken, and yields the oldest output if ready.
func (b *buffered[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !b.phase.CheckStream(b) {
		return endOf[T]()
	}
	for b.s != nil && b.q.Len() < b.n {
		f, ok := pullFuture(cx, &b.s, "Buffered")
		if !ok {
			break
		}
		b.q.PushBack(f)
	}
	if b.q.Len() > 0 {
		if p := b.q.PollNext(cx); p.IsReady() {
			return p
		}
	}
	if b.q.Len() == 0 && b.s == nil {
		b.q.Drop()
		b.phase = ended
		return endOf[T]()
	}
	return pending[T]()
}

// Drop drops the unfinished futures, then s unless it ended; a no-op the
// second time.
func (b *buffered[T]) Drop() {
	if b.phase != live {
		b.phase = dropped
		return
	}
	s := b.s
	b.s, b.phase = nil, dropped
	b.q.Drop()
	drop(s)
}

// pullFuture polls *src once for the next future. On Pending it returns
// false; at the end it sets *src to nil and returns false. A nil future
// panics, naming call.
func pullFuture[T any](cx *future.Context, src *Stream[future.Future[T]], call string) (future.Future[T], bool) {
	it, ok := (*src).PollNext(cx).Get()
	if !ok {
		return nil, false
	}
	f, ok := it.Get()
	if !ok {
		*src = nil
		return nil, false
	}
	if f == nil {
		panic("stream." + call + ": nil future from the source stream")
	}
	return f, true
}
