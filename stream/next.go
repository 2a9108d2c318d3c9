package stream

import "github.com/kettle-rt/kettle/future"

// Next returns a future of the next item of s: Ready with [Some] value, or
// with [End] once s has ended (futures-rs StreamExt::next).
//
// The future borrows s: it polls s and holds nothing else, so dropping it
// does not drop s, and s may be polled again (or passed to another Next)
// afterwards. Cancel-safe exactly when s's PollNext is: every stream of
// this package is, except where documented, so a dropped Next takes no
// item. Do not poll s elsewhere while a Next of it is live.
//
// Panics with "stream.Next: nil stream". Cost: one small allocation per
// call; a poll allocates nothing. In a hand-written future, call
// s.PollNext directly to receive without allocating.
func Next[T any](s Stream[T]) *NextFuture[T] {
	mustStream("Next", s)
	return &NextFuture[T]{s: s}
}

// NextFuture is the future returned by [Next]. It implements
// future.Future[Item[T]] and future.Dropper.
type NextFuture[T any] struct {
	s     Stream[T]
	phase phase
}

// Poll polls the stream once. Polling after Ready or after Drop panics.
func (f *NextFuture[T]) Poll(cx *future.Context) future.Poll[Item[T]] {
	f.phase.Check(f)
	p := f.s.PollNext(cx)
	if p.IsReady() {
		f.s, f.phase = nil, ended
	}
	return p
}

// Drop releases the borrowed stream without dropping it; a no-op after
// Ready or a first Drop.
func (f *NextFuture[T]) Drop() {
	if f.phase == live {
		f.s, f.phase = nil, dropped
	}
}
