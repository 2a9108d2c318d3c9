package stream

import "github.com/kettle-rt/kettle/future"

// Merge returns a stream of the values of every stream in ss, as they come
// (futures-rs select_all over streams, tokio-stream StreamMap without
// keys). It ends when every stream in ss has ended; Merge() of nothing
// ends at once.
//
// Fair: each PollNext polls the streams round-robin, starting after the
// stream that yielded last (or at cx.First's pick when a seeded Chooser is
// installed), and returns the first value found; so two streams that are
// always ready alternate, and none is starved. A stream that ends is
// removed; the others keep their order.
//
// Panics with "stream.Merge: nil stream" for a nil element. The slice ss
// is copied. Cost: one allocation for the Merge and one for the copy at
// construction, none per item; a PollNext that finds nothing costs one
// PollNext per stream. Cancel-safe when every stream is. Drop drops every
// stream that has not ended, in input order.
func Merge[T any](ss ...Stream[T]) Stream[T] {
	for _, s := range ss {
		mustStream("Merge", s)
	}
	return &merge[T]{ss: append([]Stream[T](nil), ss...)}
}

// merge is the stream behind [Merge]. ss holds the streams that have not
// ended, in input order; next is where the next round starts.
type merge[T any] struct {
	ss    []Stream[T]
	next  int
	phase phase
}

// PollNext polls the streams round-robin until one yields a value.
func (m *merge[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !m.phase.CheckStream(m) {
		return endOf[T]()
	}
	n := len(m.ss)
	if n > 0 {
		if m.next >= n {
			m.next = 0
		}
		i := cx.First(n, m.next)
		for left := n; left > 0; left-- {
			it, ok := m.ss[i].PollNext(cx).Get()
			switch v, has := it.Get(); {
			case !ok: // pending: try the next stream
				i++
			case has:
				m.next = i + 1
				return ready(v)
			default: // ended: remove it; i now names the stream after it
				copy(m.ss[i:], m.ss[i+1:])
				m.ss[len(m.ss)-1] = nil
				m.ss = m.ss[:len(m.ss)-1]
				n--
			}
			if i >= n {
				i = 0
			}
		}
	}
	if n == 0 {
		m.ss, m.phase = nil, ended
		return endOf[T]()
	}
	return pending[T]()
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
