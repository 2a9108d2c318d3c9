package stream

import (
	"iter"
	"sync/atomic"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// Seq returns a Go iterator over the values of s, for draining a stream
// from synchronous code:
//
//	for v := range stream.Seq(s) { ... }
//
// Seq drives s itself: it polls s on the goroutine that ranges, with a
// Context of its own whose waker signals a channel, and blocks that
// goroutine between polls until the waker fires. So it BLOCKS the calling
// goroutine: never range over it inside a task (a future's Poll, an async
// block), where it would stall the executor; spawn a task that forwards
// to a channel instead. Leaf futures that need a runtime find none on this
// Context: timers use their process-wide fallback driver.
//
// If the loop stops early (break, return, or a panic in the loop body), s
// is dropped before the range statement ends. If s ends, it is not
// dropped. A panic in s's PollNext propagates to the ranging goroutine,
// and s is left as it is. If s stays pending and nothing wakes it, the
// range blocks forever.
//
// The iterator is single-use: ranging over it again, or concurrently,
// yields nothing. Panics with "stream.Seq: nil stream". Cost: one channel
// and one waker per range; no allocation per value beyond s's own.
func Seq[T any](s Stream[T]) iter.Seq[T] {
	mustStream("Seq", s)
	var used atomic.Bool
	return func(yield func(T) bool) {
		if !used.CompareAndSwap(false, true) {
			return
		}
		drain(s, yield)
	}
}

// drain is the body of the iterator returned by [Seq].
func drain[T any](s Stream[T], yield func(T) bool) {
	signal := make(chan struct{}, 1)
	cx := future.NewContext(waker.Func(func() {
		select {
		case signal <- struct{}{}:
		default: // a wake is already pending; one is enough
		}
	}))
	inPoll, finished := false, false
	defer func() {
		if !finished && !inPoll {
			drop(s)
		}
	}()
	for {
		inPoll = true
		p := s.PollNext(cx)
		inPoll = false
		it, ok := p.Get()
		if !ok {
			<-signal
			continue
		}
		v, ok := it.Get()
		if !ok {
			finished = true
			return
		}
		if !yield(v) {
			return
		}
	}
}
