package stream

import "github.com/kettle-rt/kettle/future"

// Take returns a stream of the first n values of s. As soon as the n-th
// value has been returned, s is dropped (releasing whatever it holds: a
// channel receiver is closed, a coroutine stopped), and the stream ends.
// With n <= 0 it ends at its first poll, dropping s without polling it.
//
// Panics with "stream.Take: nil stream". Cost: one allocation at
// construction, none per item. Cancel-safe when s is. Drop drops s unless
// s has ended or was already dropped by Take itself.
func Take[T any](s Stream[T], n int) Stream[T] {
	mustStream("Take", s)
	return &takeStream[T]{s: s, left: n}
}

// takeStream is the stream behind [Take].
type takeStream[T any] struct {
	s     Stream[T]
	left  int
	phase phase
}

// PollNext forwards to s while values are left to take.
func (t *takeStream[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !t.phase.CheckStream(t) {
		return endOf[T]()
	}
	if t.left <= 0 {
		t.finish(true)
		return endOf[T]()
	}
	it, ok := t.s.PollNext(cx).Get()
	if !ok {
		return pending[T]()
	}
	v, ok := it.Get()
	if !ok {
		t.finish(false)
		return endOf[T]()
	}
	if t.left--; t.left == 0 {
		t.finish(true)
	}
	return ready(v)
}

// finish marks the stream ended, dropping s if it had not ended by itself.
// After the n-th value the phase is ended already, so the next PollNext
// returns End without touching s.
func (t *takeStream[T]) finish(dropSource bool) {
	s := t.s
	t.s, t.phase = nil, ended
	if dropSource {
		drop(s)
	}
}

// Drop drops s unless it ended or was dropped already; a no-op the second
// time.
func (t *takeStream[T]) Drop() {
	if t.phase != live {
		t.phase = dropped
		return
	}
	s := t.s
	t.s, t.phase = nil, dropped
	drop(s)
}
