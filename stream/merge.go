package stream

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/readyset"
	"github.com/kettle-rt/kettle/waker"
)

// Merge returns a stream of the values of every stream in ss, as they come
// (futures-rs select_all over streams, tokio-stream StreamMap without
// keys). It ends when every stream in ss has ended; Merge() of nothing
// ends at once.
//
// Each stream is polled with a waker of its own (see [Unordered]), so a
// PollNext polls only the streams woken since the last one, plus the one
// that yielded last (a stream may have more without a wake), and costs
// O(woken), not O(len(ss)). Fair: a stream that yields goes to the back of
// the line, so two streams that are always ready alternate and none is
// starved. Under a seeded [future.Chooser] the stream polled first is
// cx.First's pick. A stream that ends is removed.
//
// Panics with "stream.Merge: nil stream" for a nil element. The slice ss
// is copied. Cost: one allocation for the Merge, one for the copy and one
// block of 48-byte nodes at construction, none per item. Cancel-safe when
// every stream is. Drop drops every stream that has not ended, in input
// order.
func Merge[T any](ss ...Stream[T]) Stream[T] {
	for _, s := range ss {
		mustStream("Merge", s)
	}
	m := &merge[T]{ss: append([]Stream[T](nil), ss...)}
	m.set.Grow(len(ss))
	for range ss {
		m.set.Insert()
	}
	return m
}

// merge is the stream behind [Merge]. ss[i] is the stream in slot i, nil
// once it ended.
type merge[T any] struct {
	ss    []Stream[T]
	set   readyset.Set
	phase phase
}

// PollNext polls the woken streams until one yields a value.
func (m *merge[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !m.phase.CheckStream(m) {
		return endOf[T]()
	}
	parent := cx.Waker()
	if n := m.set.Drain(parent); n > 1 {
		m.set.Rotate(cx.First(n, 0))
	}
	for {
		if cx.Budget() == 0 && m.set.Pending() > 0 {
			parent.Wake() // budget spent: the rest wait for the next poll
			return pending[T]()
		}
		i, w, ok := m.set.Next()
		if !ok {
			break
		}
		it, ok := pollStream(cx, m.ss[i], w, parent).Get()
		if !ok {
			continue
		}
		if v, has := it.Get(); has {
			m.set.Requeue(i)
			return ready(v)
		}
		m.ss[i] = nil
		m.set.Remove(i)
	}
	if m.set.Len() == 0 {
		m.ss, m.phase = nil, ended
		return endOf[T]()
	}
	return pending[T]()
}

// pollStream polls s with the waker w and puts parent back, even if s
// panics.
func pollStream[T any](cx *future.Context, s Stream[T], w, parent waker.Waker) future.Poll[Item[T]] {
	cx.SetWaker(w)
	defer cx.SetWaker(parent)
	return s.PollNext(cx)
}

// Drop drops the streams that have not ended, in input order; a no-op the
// second time.
func (m *merge[T]) Drop() {
	if m.phase != live {
		m.phase = dropped
		return
	}
	ss := m.ss
	m.ss, m.phase = nil, dropped
	for _, s := range ss {
		drop(s)
	}
}
