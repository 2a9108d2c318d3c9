package stream

import "github.com/kettle-rt/kettle/future"

// Chunks returns a stream of the values of s gathered into slices of n
// (futures-rs StreamExt::chunks): every chunk is full except perhaps the
// last, yielded when s ends; no empty chunk is yielded. A chunk waits for
// n values however long they take (it is not a "what is ready now" batch).
//
// Each yielded slice is new and belongs to the caller. Panics with
// "stream.Chunks: nil stream" or, for n < 1, "stream.Chunks: n = 0, want
// n >= 1". Cost: one allocation per chunk. Cancel-safe when s is: values
// gathered so far stay held between polls. Drop drops s unless it ended
// and discards a partial chunk.
func Chunks[T any](s Stream[T], n int) Stream[[]T] {
	mustStream("Chunks", s)
	mustPositive("Chunks", n)
	return &chunks[T]{s: s, n: n}
}

// chunks is the stream behind [Chunks].
type chunks[T any] struct {
	s     Stream[T]
	n     int
	buf   []T
	phase phase
}

// PollNext gathers values until a chunk is full or s ends.
func (c *chunks[T]) PollNext(cx *future.Context) future.Poll[Item[[]T]] {
	if !c.phase.CheckStream(c) {
		return endOf[[]T]()
	}
	for {
		it, ok := c.s.PollNext(cx).Get()
		if !ok {
			return pending[[]T]()
		}
		v, ok := it.Get()
		if !ok {
			buf := c.buf
			c.s, c.buf, c.phase = nil, nil, ended
			if len(buf) == 0 {
				return endOf[[]T]()
			}
			// End after this last short chunk: the phase is ended already.
			return ready(buf)
		}
		if c.buf == nil {
			c.buf = make([]T, 0, c.n)
		}
		c.buf = append(c.buf, v)
		if len(c.buf) == c.n {
			buf := c.buf
			c.buf = nil
			return ready(buf)
		}
	}
}

// Drop drops s unless it ended and discards a partial chunk; a no-op the
// second time.
func (c *chunks[T]) Drop() {
	if c.phase != live {
		c.phase = dropped
		return
	}
	s := c.s
	c.s, c.buf, c.phase = nil, nil, dropped
	drop(s)
}
