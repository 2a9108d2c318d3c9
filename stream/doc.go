// Package stream is the kitchen's conveyor belt: a [Stream] hands out a
// sequence of values over time, one [Stream.PollNext] at a time, the way a
// [future.Future] (a recipe card) hands out one value.
//
// A task (a chef at work) polls a stream; when no item is ready the stream
// stores the task's waker (the pager, package waker) and returns Pending,
// and whoever produces the next item — a sender on a channel, a timer bell
// of the kitchen (packages timer and reactor) — pages the task so that the
// executor (the manager) polls it again.
//
// # Items and the end
//
// PollNext returns a future.Poll of an [Item]: Pending, Ready with a value
// ([Some]), or Ready with the end of the stream ([End]). Every stream in this
// package is fused: once it has returned the end it keeps returning the end,
// and never panics for being polled again. An Item is a plain value (the
// zero Item is the end); producing one allocates nothing.
//
// # Building streams
//
// Sources: [FromSlice] and [Iter] (a Go iter.Seq), [FromReceiver] (an
// [mpsc.Receiver]), [FromBroadcast] (a [broadcast.Receiver], lag reports
// included), [FromWatch] and [FromWatchChanges] (a [watch.Receiver]), [FromInterval]
// (the ticks of a timer.Interval), [Unfold] (a generator over a state).
// Adapters: [Map], [Filter], [Take], [TakeUntil], [Scan], [Chunks],
// [FlatMap], [Zip], [Merge], and over a stream of
// futures [Buffered] (up to n in flight, outputs in input order) and
// [BufferUnordered] (outputs as they finish). Sets of futures: [Unordered]
// (futures-rs FuturesUnordered) and [Ordered] (FuturesOrdered), to which a
// loop pushes work at any time; like Merge, Buffered and BufferUnordered
// they give each child a waker of its own (internal/readyset) and poll
// only the children woken since the last poll. Consumers: [Next] (a future of
// the next item), [Collect] (a future of every item), [Fold] and [Seq], a bridge to
// Go's range-over-func for draining a stream from synchronous code.
//
// # Cancellation
//
// As for futures, cancelling a stream is an explicit Drop ([future.Dropper]):
// every stream here implements it. An adapter's Drop drops its source
// streams that have not ended and every future it holds in flight, each
// exactly once; dropping twice, or dropping an ended stream, is a no-op.
// Polling a stream after Drop is a programming error and panics with a
// message naming its type. Each function documents its cancel-safety: a
// stream whose PollNext is cancel-safe loses no item when the caller stops
// polling it between items (a dropped [Next] takes nothing).
//
// Neighbours: package future (one value; [Next] and [Collect] turn a
// stream into futures), packages sync/mpsc, sync/broadcast
// and sync/watch (channels as sources), package
// executor (runs the tasks that poll streams).
package stream
