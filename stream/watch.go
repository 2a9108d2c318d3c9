package stream

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/watch"
)

// FromWatch returns a stream of the values of a watch channel as r sees
// them: first the current value (at the first PollNext, without waiting),
// then the latest value after each change (tokio-stream's
// WatchStream::new). Like any watch receiver it sees the latest value, not
// every value: several sends between two polls yield one item. It ends when
// Changed reports watch.ErrClosed (the sender closed and the latest value
// was yielded).
//
// The stream takes ownership of r: do not use r while the stream is live.
// Drop closes r.
//
// Cancel-safe: between items the stream keeps its pending Changed future
// (watch's Changed is cancel-safe: a dropped one marks nothing seen). A
// change spends one unit of the task's budget. Cost: one allocation at
// construction; waiting allocates nothing (Changed reuses a future
// embedded in r); each item is a copy of the value (BorrowAndUpdate).
//
// watch.Receiver has no PollChanged method; this adapter stores the
// Changed future across polls instead. Panics with "stream.FromWatch: nil
// receiver".
func FromWatch[T any](r *watch.Receiver[T]) Stream[T] {
	if r == nil {
		panic("stream.FromWatch: nil receiver")
	}
	return &watchStream[T]{r: r, first: true}
}

// FromWatchChanges is [FromWatch] without the first item: it yields only
// values sent after the ones r has already seen (tokio-stream's
// WatchStream::from_changes). Panics with "stream.FromWatchChanges: nil
// receiver".
func FromWatchChanges[T any](r *watch.Receiver[T]) Stream[T] {
	if r == nil {
		panic("stream.FromWatchChanges: nil receiver")
	}
	return &watchStream[T]{r: r}
}

// watchStream is the stream behind [FromWatch] and [FromWatchChanges].
// changed is the Changed in flight (nil between items).
type watchStream[T any] struct {
	r       *watch.Receiver[T]
	changed *watch.ChangedFuture[T]
	first   bool // yield the current value before waiting for a change
	phase   phase
}

// PollNext yields the current value first if asked, then waits for
// changes.
func (s *watchStream[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !s.phase.CheckStream(s) {
		return endOf[T]()
	}
	if s.first {
		s.first = false
		return ready(s.r.BorrowAndUpdate())
	}
	if s.changed == nil {
		s.changed = s.r.Changed()
	}
	err, ok := s.changed.Poll(cx).Get()
	if !ok {
		return pending[T]()
	}
	s.changed = nil
	if err != nil {
		r := s.r
		s.r, s.phase = nil, ended
		r.Close()
		return endOf[T]()
	}
	return ready(s.r.BorrowAndUpdate())
}

// Drop drops the Changed in flight and closes the receiver; a no-op after
// the end or a first Drop.
func (s *watchStream[T]) Drop() {
	if s.phase != live {
		s.phase = dropped
		return
	}
	r, changed := s.r, s.changed
	s.r, s.changed, s.phase = nil, nil, dropped
	if changed != nil {
		changed.Drop()
	}
	r.Close()
}
