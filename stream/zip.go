package stream

import "github.com/kettle-rt/kettle/future"

// Zip returns a stream of pairs: the i-th value of a with the i-th value
// of b (futures-rs StreamExt::zip). It ends as soon as either stream ends,
// dropping the other; a value of the longer stream already taken is
// discarded.
//
// Each PollNext polls a until it has a value held, then b; a value of a
// waits, held, for b's. Panics with "stream.Zip: nil stream". Cost: one
// allocation at construction, none per pair. Cancel-safe when a and b are:
// a held value stays held between polls. Drop drops both unless they
// ended.
func Zip[A, B any](a Stream[A], b Stream[B]) Stream[future.Tuple2[A, B]] {
	mustStream("Zip", a)
	mustStream("Zip", b)
	return &zip[A, B]{a: a, b: b}
}

// zip is the stream behind [Zip]; va holds a's value while b's is awaited.
type zip[A, B any] struct {
	a     Stream[A]
	b     Stream[B]
	va    A
	hasA  bool
	phase phase
}

// PollNext pairs the next values of a and b.
func (z *zip[A, B]) PollNext(cx *future.Context) future.Poll[Item[future.Tuple2[A, B]]] {
	if !z.phase.CheckStream(z) {
		return endOf[future.Tuple2[A, B]]()
	}
	if !z.hasA {
		it, ok := z.a.PollNext(cx).Get()
		if !ok {
			return pending[future.Tuple2[A, B]]()
		}
		v, ok := it.Get()
		if !ok {
			z.end(false, true)
			return endOf[future.Tuple2[A, B]]()
		}
		z.va, z.hasA = v, true
	}
	it, ok := z.b.PollNext(cx).Get()
	if !ok {
		return pending[future.Tuple2[A, B]]()
	}
	vb, ok := it.Get()
	if !ok {
		z.end(true, false)
		return endOf[future.Tuple2[A, B]]()
	}
	va := z.va
	var zero A
	z.va, z.hasA = zero, false
	return ready(future.Tuple2[A, B]{V1: va, V2: vb})
}

// end marks the stream ended, dropping the streams that did not end.
func (z *zip[A, B]) end(dropA, dropB bool) {
	a, b := z.a, z.b
	var zero A
	z.a, z.b, z.va, z.hasA, z.phase = nil, nil, zero, false, ended
	if dropA {
		drop(a)
	}
	if dropB {
		drop(b)
	}
}

// Drop drops a and b; a no-op the second time.
func (z *zip[A, B]) Drop() {
	if z.phase != live {
		z.phase = dropped
		return
	}
	a, b := z.a, z.b
	var zero A
	z.a, z.b, z.va, z.hasA, z.phase = nil, nil, zero, false, dropped
	drop(a)
	drop(b)
}
