package stream

import "github.com/kettle-rt/kettle/future"

// Fold returns a future that feeds every value of s through fn, starting
// from init, and is ready with the final accumulator when s ends
// (futures-rs StreamExt::fold with a synchronous fn).
//
// Each Poll takes every value s has ready, until s is pending or ends.
// Panics with "stream.Fold: nil stream" or "stream.Fold: nil fn". Cost:
// one allocation at construction, none per value. Not cancel-safe: Drop
// drops s (unless it ended) and discards the accumulator.
func Fold[T, A any](s Stream[T], init A, fn func(A, T) A) future.Future[A] {
	mustStream("Fold", s)
	mustFn("Fold", fn == nil)
	return &fold[T, A]{s: s, acc: init, fn: fn}
}

// fold is the future behind [Fold].
type fold[T, A any] struct {
	s     Stream[T]
	acc   A
	fn    func(A, T) A
	phase phase
}

// Poll folds what s has ready.
func (f *fold[T, A]) Poll(cx *future.Context) future.Poll[A] {
	f.phase.Check(f)
	for {
		it, ok := f.s.PollNext(cx).Get()
		if !ok {
			return future.Pending[A]()
		}
		v, ok := it.Get()
		if !ok {
			acc := f.acc
			var zero A
			f.s, f.acc, f.fn, f.phase = nil, zero, nil, ended
			return future.Ready(acc)
		}
		f.acc = f.fn(f.acc, v)
	}
}

// Drop drops s and discards the accumulator; a no-op after Ready or a
// first Drop.
func (f *fold[T, A]) Drop() {
	if f.phase != live {
		return
	}
	s := f.s
	var zero A
	f.s, f.acc, f.fn, f.phase = nil, zero, nil, dropped
	drop(s)
}
