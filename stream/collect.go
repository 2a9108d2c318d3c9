package stream

import "github.com/kettle-rt/kettle/future"

// Collect returns a future of every value of s, in order, ready when s
// ends: a non-nil slice, empty if s had no value.
//
// Each Poll takes every value s has ready, until s is pending or ends.
// Panics with "stream.Collect: nil stream". Cost: the slice grows by
// append; a poll allocates only to grow it. Not cancel-safe: Drop drops s
// (unless it ended) and discards the values collected so far.
func Collect[T any](s Stream[T]) future.Future[[]T] {
	mustStream("Collect", s)
	return &collect[T]{s: s, out: []T{}}
}

// collect is the future behind [Collect].
type collect[T any] struct {
	s     Stream[T]
	out   []T
	phase phase
}

// Poll drains what s has ready.
func (c *collect[T]) Poll(cx *future.Context) future.Poll[[]T] {
	c.phase.Check(c)
	for {
		it, ok := c.s.PollNext(cx).Get()
		if !ok {
			return future.Pending[[]T]()
		}
		v, ok := it.Get()
		if !ok {
			out := c.out
			c.s, c.out, c.phase = nil, nil, ended
			return future.Ready(out)
		}
		c.out = append(c.out, v)
	}
}

// Drop drops s and discards the values; a no-op after Ready or a first
// Drop.
func (c *collect[T]) Drop() {
	if c.phase != live {
		return
	}
	s := c.s
	c.s, c.out, c.phase = nil, nil, dropped
	drop(s)
}
