package stream

import "github.com/kettle-rt/kettle/future"

// TakeUntil returns a stream of the values of s until stop is ready
// (futures-rs StreamExt::take_until): each PollNext polls stop first and,
// once it is ready, the stream ends and s is dropped. stop's output is
// discarded. If s ends first, stop is dropped.
//
// A shutdown signal, a deadline or a cancellation token makes a stream
// that ends when asked. Panics with "stream.TakeUntil: nil stream" or
// "stream.TakeUntil: nil future". Cost: one allocation at construction,
// none per value. Cancel-safe when s and stop are. Drop drops s and stop
// unless they finished.
func TakeUntil[T, U any](s Stream[T], stop future.Future[U]) Stream[T] {
	mustStream("TakeUntil", s)
	if stop == nil {
		panic("stream.TakeUntil: nil future")
	}
	return &takeUntil[T, U]{s: s, stop: stop}
}

// takeUntil is the stream behind [TakeUntil].
type takeUntil[T, U any] struct {
	s     Stream[T]
	stop  future.Future[U]
	phase phase
}

// PollNext polls stop, then s.
func (t *takeUntil[T, U]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !t.phase.CheckStream(t) {
		return endOf[T]()
	}
	if t.stop.Poll(cx).IsReady() {
		s := t.s
		t.s, t.stop, t.phase = nil, nil, ended
		drop(s)
		return endOf[T]()
	}
	it, ok := t.s.PollNext(cx).Get()
	if !ok {
		return pending[T]()
	}
	if it.IsEnd() {
		stop := t.stop
		t.s, t.stop, t.phase = nil, nil, ended
		drop(stop)
	}
	return future.Ready(it)
}

// Drop drops s and stop unless they finished; a no-op the second time.
func (t *takeUntil[T, U]) Drop() {
	if t.phase != live {
		t.phase = dropped
		return
	}
	s, stop := t.s, t.stop
	t.s, t.stop, t.phase = nil, nil, dropped
	drop(s)
	drop(stop)
}
