package stream

import "github.com/kettle-rt/kettle/future"

// Buffered returns a stream that keeps up to n futures of s running at
// once and yields their outputs in the order s produced the futures
// (futures-rs StreamExt::buffered). A future that finishes early waits,
// holding its output, until every future before it has been yielded.
//
// Each PollNext first takes futures from s while fewer than n are held
// (s is not polled while n are held), then polls every held future that
// has not finished, in input order, then yields the oldest output if it is
// ready. It ends when s has ended and every future's output was yielded.
//
// Panics with "stream.Buffered: nil stream" or, for n < 1,
// "stream.Buffered: n = 0, want n >= 1"; a nil future from s panics in the
// PollNext that received it. Cost: one allocation of n slots at
// construction, none per item; a PollNext costs O(n) polls (every held
// future is polled, not only the ones woken). Cancel-safe when s is: an
// unyielded output stays held. Drop drops every held future that has not
// finished, in input order, then s unless it ended; finished outputs are
// discarded.
func Buffered[T any](s Stream[future.Future[T]], n int) Stream[T] {
	mustStream("Buffered", s)
	mustPositive("Buffered", n)
	return &buffered[T]{s: s, ring: make([]slot[T], n)}
}

// slot holds one future of [Buffered] and, once it is ready, its output.
type slot[T any] struct {
	f    future.Future[T] // nil once finished
	v    T
	done bool
}

// buffered is the stream behind [Buffered]: a ring of count slots from
// head, in input order.
type buffered[T any] struct {
	s           Stream[future.Future[T]] // nil once ended
	ring        []slot[T]
	head, count int
	phase       phase
}

// at returns the i-th held slot in input order.
func (b *buffered[T]) at(i int) *slot[T] {
	j := b.head + i
	if j >= len(b.ring) {
		j -= len(b.ring)
	}
	return &b.ring[j]
}

// PollNext fills, polls, and yields the oldest output if ready.
func (b *buffered[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !b.phase.CheckStream(b) {
		return endOf[T]()
	}
	for b.s != nil && b.count < len(b.ring) {
		f, ok := pullFuture(cx, &b.s, "Buffered")
		if !ok {
			break
		}
		*b.at(b.count) = slot[T]{f: f}
		b.count++
	}
	for i := range b.count {
		sl := b.at(i)
		if sl.done {
			continue
		}
		if v, ok := sl.f.Poll(cx).Get(); ok {
			sl.f, sl.v, sl.done = nil, v, true
		}
	}
	if b.count > 0 && b.ring[b.head].done {
		v := b.ring[b.head].v
		b.ring[b.head] = slot[T]{}
		if b.head++; b.head == len(b.ring) {
			b.head = 0
		}
		b.count--
		return ready(v)
	}
	if b.count == 0 && b.s == nil {
		b.ring, b.phase = nil, ended
		return endOf[T]()
	}
	return pending[T]()
}

// Drop drops the unfinished futures in input order, then s unless it
// ended; a no-op the second time.
func (b *buffered[T]) Drop() {
	if b.phase != live {
		b.phase = dropped
		return
	}
	b.phase = dropped
	s, ring := b.s, b.ring
	head, count := b.head, b.count
	b.s, b.ring, b.count = nil, nil, 0
	for i := range count {
		j := (head + i) % len(ring)
		drop(ring[j].f)
	}
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
