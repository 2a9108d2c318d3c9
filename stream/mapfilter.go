package stream

import "github.com/kettle-rt/kettle/future"

// Map returns a stream of fn(v) for each value v of s, in order, ending
// when s ends. fn runs inside the PollNext that received v and must not
// block.
//
// Panics with "stream.Map: nil stream" or "stream.Map: nil fn". Cost: one
// allocation at construction, none per item. Cancel-safe when s is. Drop
// drops s unless s has ended.
func Map[A, B any](s Stream[A], fn func(A) B) Stream[B] {
	mustStream("Map", s)
	mustFn("Map", fn == nil)
	return &mapStream[A, B]{s: s, fn: fn}
}

// mapStream is the stream behind [Map].
type mapStream[A, B any] struct {
	s     Stream[A]
	fn    func(A) B
	phase phase
}

// PollNext polls s once and maps a value.
func (m *mapStream[A, B]) PollNext(cx *future.Context) future.Poll[Item[B]] {
	if !m.phase.CheckStream(m) {
		return endOf[B]()
	}
	it, ok := m.s.PollNext(cx).Get()
	if !ok {
		return pending[B]()
	}
	v, ok := it.Get()
	if !ok {
		m.s, m.fn, m.phase = nil, nil, ended
		return endOf[B]()
	}
	return ready(m.fn(v))
}

// Drop drops s unless it ended; a no-op the second time.
func (m *mapStream[A, B]) Drop() {
	if m.phase != live {
		m.phase = dropped
		return
	}
	s := m.s
	m.s, m.fn, m.phase = nil, nil, dropped
	drop(s)
}

// filterYield is how many rejected values Filter passes over in one
// PollNext before it yields (wakes its task and returns Pending), so that
// a long run of rejected values from a source that never returns Pending
// cannot monopolise the executor.
const filterYield = 32

// Filter returns a stream of the values v of s for which keep(v) is true,
// in order, ending when s ends. keep runs inside PollNext and must not
// block.
//
// Filter is cooperative: after passing over 32 rejected values in one
// PollNext it wakes its task and returns Pending, losing nothing.
//
// Panics with "stream.Filter: nil stream" or "stream.Filter: nil fn".
// Cost: one allocation at construction, none per item. Cancel-safe when s
// is (a rejected value is consumed either way). Drop drops s unless s has
// ended.
func Filter[T any](s Stream[T], keep func(T) bool) Stream[T] {
	mustStream("Filter", s)
	mustFn("Filter", keep == nil)
	return &filterStream[T]{s: s, keep: keep}
}

// filterStream is the stream behind [Filter].
type filterStream[T any] struct {
	s     Stream[T]
	keep  func(T) bool
	phase phase
}

// PollNext polls s until a value passes, s is pending or ends, or the
// yield limit is reached.
func (f *filterStream[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !f.phase.CheckStream(f) {
		return endOf[T]()
	}
	for range filterYield {
		it, ok := f.s.PollNext(cx).Get()
		if !ok {
			return pending[T]()
		}
		v, ok := it.Get()
		if !ok {
			f.s, f.keep, f.phase = nil, nil, ended
			return endOf[T]()
		}
		if f.keep(v) {
			return ready(v)
		}
	}
	cx.Waker().Wake()
	return pending[T]()
}

// Drop drops s unless it ended; a no-op the second time.
func (f *filterStream[T]) Drop() {
	if f.phase != live {
		f.phase = dropped
		return
	}
	s := f.s
	f.s, f.keep, f.phase = nil, nil, dropped
	drop(s)
}
