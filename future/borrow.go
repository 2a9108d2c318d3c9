package future

// Borrow returns a future that polls f but never drops it: Rust's `&mut
// fut` in a `select!`. Wrap a future that must outlive one select — a
// deadline, an interval tick, a long receive — so that the select (or any
// combinator) dropping its losers leaves f running; the next loop
// iteration borrows it again and it keeps its progress and registrations.
//
// The borrow's Drop only ends the borrow: f stays the caller's, to poll
// again, borrow again, or drop. The borrow is ready when f is; polling a
// finished f through a new borrow panics as polling f would.
//
// Panics with "future.Borrow: nil future". Cost: one small allocation per
// call (16 bytes + the header); a poll adds one indirect call. Cancel-safe:
// dropping the borrow loses nothing.
func Borrow[T any](f Future[T]) Future[T] {
	mustFuture("Borrow", f)
	return &borrowed[T]{f: f}
}

// borrowed is the future behind [Borrow].
type borrowed[T any] struct {
	f     Future[T] // nil once done or dropped
	phase phase
}

// Poll polls the borrowed future.
func (b *borrowed[T]) Poll(cx *Context) Poll[T] {
	b.phase.Check(b)
	p := b.f.Poll(cx)
	if p.ready {
		b.f, b.phase = nil, done
	}
	return p
}

// Drop ends the borrow without dropping the borrowed future.
func (b *borrowed[T]) Drop() {
	if b.phase == live {
		b.f, b.phase = nil, dropped
	}
}
