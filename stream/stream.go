package stream

import "github.com/kettle-rt/kettle/future"

// Stream is a source of values over time: the asynchronous iterator.
//
// Polling contract: PollNext returns Ready([Some](v)) with the next value,
// Ready([End]()) when the stream is finished, or Pending after arranging
// for cx.Waker() to be woken when polling again can make progress (as
// [future.Future.Poll]). PollNext must not block. After Ready the caller may
// poll again at once for the next item; no wake is needed for that.
//
// Every stream of this package is fused (it keeps returning End after the
// end, without panicking), implements future.Dropper, and panics when
// polled after Drop. The two sets, [Unordered] and [Ordered], return End
// whenever they are empty and yield again after a push, as futures-rs's
// FuturesUnordered does. A stream is a pointer with state; never copy it after
// its first poll.
type Stream[T any] interface {
	PollNext(cx *future.Context) future.Poll[Item[T]]
}

// Item is one outcome of [Stream.PollNext] that is ready: a value, or the
// end of the stream. The zero Item is the end. An Item is a plain value:
// making and returning one allocates nothing.
type Item[T any] struct {
	value T
	ok    bool
}

// Some returns the Item holding the value v.
func Some[T any](v T) Item[T] { return Item[T]{value: v, ok: true} }

// End returns the Item marking the end of a stream.
func End[T any]() Item[T] { return Item[T]{} }

// Get returns the value and true, or the zero value and false at the end.
func (it Item[T]) Get() (T, bool) { return it.value, it.ok }

// IsEnd reports whether it marks the end of the stream.
func (it Item[T]) IsEnd() bool { return !it.ok }

// ready and pending spell the two outcomes of PollNext tersely.
func ready[T any](v T) future.Poll[Item[T]] { return future.Ready(Some(v)) }

// endOf is Ready with the end of the stream.
func endOf[T any]() future.Poll[Item[T]] { return future.Ready(End[T]()) }

// pending is Pending for a stream of T.
func pending[T any]() future.Poll[Item[T]] { return future.Pending[Item[T]]() }
