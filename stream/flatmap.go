package stream

import "github.com/kettle-rt/kettle/future"

// FlatMap returns a stream of the values of fn(a) for every value a of s,
// one inner stream after the other (futures-rs StreamExt::flat_map): the
// next value of s is taken only when the current inner stream has ended.
//
// Panics with "stream.FlatMap: nil stream" or "stream.FlatMap: nil fn",
// and, in the PollNext that calls it, "stream.FlatMap: fn returned nil
// stream". Cost: one allocation at construction plus what fn allocates.
// Cancel-safe when s and the inner streams are. Drop drops the current
// inner stream, then s, unless they ended.
func FlatMap[A, B any](s Stream[A], fn func(A) Stream[B]) Stream[B] {
	mustStream("FlatMap", s)
	mustFn("FlatMap", fn == nil)
	return &flatMap[A, B]{s: s, fn: fn}
}

// flatMap is the stream behind [FlatMap]; inner is nil between inner
// streams.
type flatMap[A, B any] struct {
	s     Stream[A]
	fn    func(A) Stream[B]
	inner Stream[B]
	phase phase
}

// PollNext drains the inner stream, taking the next from s when it ends.
func (f *flatMap[A, B]) PollNext(cx *future.Context) future.Poll[Item[B]] {
	if !f.phase.CheckStream(f) {
		return endOf[B]()
	}
	for {
		if f.inner == nil {
			it, ok := f.s.PollNext(cx).Get()
			if !ok {
				return pending[B]()
			}
			a, ok := it.Get()
			if !ok {
				f.s, f.fn, f.phase = nil, nil, ended
				return endOf[B]()
			}
			if f.inner = f.fn(a); f.inner == nil {
				panic("stream.FlatMap: fn returned nil stream")
			}
		}
		it, ok := f.inner.PollNext(cx).Get()
		if !ok {
			return pending[B]()
		}
		if !it.IsEnd() {
			return future.Ready(it)
		}
		f.inner = nil
	}
}

// Drop drops the current inner stream, then s; a no-op the second time.
func (f *flatMap[A, B]) Drop() {
	if f.phase != live {
		f.phase = dropped
		return
	}
	s, inner := f.s, f.inner
	f.s, f.fn, f.inner, f.phase = nil, nil, nil, dropped
	drop(inner)
	drop(s)
}
