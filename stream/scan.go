package stream

import "github.com/kettle-rt/kettle/future"

// Scan returns a stream that feeds each value of s to fn together with a
// state, starting from init, and yields what fn returns; when fn returns
// false the stream ends there (that call's B is not yielded) and s is
// dropped (futures-rs StreamExt::scan). fn may change the state through
// its pointer.
//
// Panics with "stream.Scan: nil stream" or "stream.Scan: nil fn". Cost:
// one allocation at construction, none per value. Cancel-safe when s is.
// Drop drops s unless it ended.
func Scan[T, S, B any](s Stream[T], init S, fn func(*S, T) (B, bool)) Stream[B] {
	mustStream("Scan", s)
	mustFn("Scan", fn == nil)
	return &scan[T, S, B]{s: s, state: init, fn: fn}
}

// scan is the stream behind [Scan].
type scan[T, S, B any] struct {
	s     Stream[T]
	state S
	fn    func(*S, T) (B, bool)
	phase phase
}

// PollNext maps the next value of s through fn.
func (sc *scan[T, S, B]) PollNext(cx *future.Context) future.Poll[Item[B]] {
	if !sc.phase.CheckStream(sc) {
		return endOf[B]()
	}
	it, ok := sc.s.PollNext(cx).Get()
	if !ok {
		return pending[B]()
	}
	v, ok := it.Get()
	if !ok {
		sc.end(false)
		return endOf[B]()
	}
	b, more := sc.fn(&sc.state, v)
	if !more {
		sc.end(true)
		return endOf[B]()
	}
	return ready(b)
}

// end marks the stream ended, dropping s if it is cut short.
func (sc *scan[T, S, B]) end(dropSource bool) {
	s := sc.s
	var zero S
	sc.s, sc.state, sc.fn, sc.phase = nil, zero, nil, ended
	if dropSource {
		drop(s)
	}
}

// Drop drops s unless it ended; a no-op the second time.
func (sc *scan[T, S, B]) Drop() {
	if sc.phase != live {
		sc.phase = dropped
		return
	}
	s := sc.s
	sc.s, sc.fn, sc.phase = nil, nil, dropped
	drop(s)
}

// Unfold returns a stream generated from a state: each PollNext calls
// fn(state), yields its value and keeps its new state, until fn returns
// false (that call's value is not yielded) and the stream ends (futures-rs
// stream::unfold with a synchronous fn; for an asynchronous generator, use
// [Iter] over a coroutine or a channel).
//
// It is always ready: a consumer that loops on it should stop by itself
// (it does not spend the cooperative budget). Panics with "stream.Unfold:
// nil fn". Cost: one allocation at construction, none per value.
// Cancel-safe. Drop discards the state.
func Unfold[S, T any](init S, fn func(S) (T, S, bool)) Stream[T] {
	mustFn("Unfold", fn == nil)
	return &unfold[S, T]{state: init, fn: fn}
}

// unfold is the stream behind [Unfold].
type unfold[S, T any] struct {
	state S
	fn    func(S) (T, S, bool)
	phase phase
}

// PollNext generates the next value.
func (u *unfold[S, T]) PollNext(*future.Context) future.Poll[Item[T]] {
	if !u.phase.CheckStream(u) {
		return endOf[T]()
	}
	v, next, more := u.fn(u.state)
	if !more {
		var zero S
		u.state, u.fn, u.phase = zero, nil, ended
		return endOf[T]()
	}
	u.state = next
	return ready(v)
}

// Drop discards the state; polling afterwards panics.
func (u *unfold[S, T]) Drop() {
	var zero S
	u.state, u.fn, u.phase = zero, nil, dropped
}
