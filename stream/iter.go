package stream

import (
	"iter"
	"runtime"

	"github.com/kettle-rt/kettle/future"
)

// FromSlice returns a stream of the elements of xs, in order, then the
// end. It does not copy xs: do not modify xs while the stream is live.
//
// Each element spends one unit of the polling task's cooperative budget;
// when the budget is spent it returns Pending (having woken the task), so a
// long slice cannot starve the other tasks. Cost: one allocation at
// construction, none per item. Cancel-safe. Drop releases xs.
func FromSlice[T any](xs []T) Stream[T] {
	return &sliceStream[T]{xs: xs}
}

// sliceStream is the stream behind [FromSlice].
type sliceStream[T any] struct {
	xs    []T
	phase phase
}

// PollNext returns the next element.
func (s *sliceStream[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !s.phase.CheckStream(s) {
		return endOf[T]()
	}
	if len(s.xs) == 0 {
		s.xs, s.phase = nil, ended
		return endOf[T]()
	}
	if !cx.ConsumeBudget() {
		return pending[T]()
	}
	v := s.xs[0]
	s.xs = s.xs[1:]
	return ready(v)
}

// Drop releases the slice; a no-op the second time.
func (s *sliceStream[T]) Drop() { s.xs, s.phase = nil, dropped }

// Iter returns a stream of the values of seq, in order, then the end. seq
// runs as a coroutine (iter.Pull): lazily, from the first PollNext, one
// value per PollNext, on the goroutine that polls. seq must not block: it
// runs inside PollNext.
//
// Each value spends one unit of the polling task's cooperative budget, as
// for [FromSlice]. A panic in seq propagates out of PollNext.
//
// Cost: starting the coroutine at the first poll costs about 0.5 µs and a
// few allocations; each value costs one coroutine switch and no
// allocation. Cancel-safe: a value is pulled from seq only when it is
// returned. Drop stops seq (its yield returns false, its defers run) and
// ends the coroutine; a stream neither ended nor dropped stops its
// coroutine when it becomes unreachable, by a runtime cleanup, unless seq
// refers to the stream. Never poll it from a goroutine that called
// runtime.LockOSThread (see future.Async). Panics with "stream.Iter: nil
// seq".
func Iter[T any](seq iter.Seq[T]) Stream[T] {
	if seq == nil {
		panic("stream.Iter: nil seq")
	}
	return &iterStream[T]{seq: seq}
}

// iterStream is the stream behind [Iter]. The coroutine refers to seq,
// never to the wrapper, so that the cleanup can run.
type iterStream[T any] struct {
	seq     iter.Seq[T] // nil once started
	next    func() (T, bool)
	stop    func()
	cleanup runtime.Cleanup
	phase   phase
}

// PollNext resumes seq for one value.
func (s *iterStream[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !s.phase.CheckStream(s) {
		return endOf[T]()
	}
	if !cx.ConsumeBudget() {
		return pending[T]()
	}
	if s.next == nil {
		s.next, s.stop = iter.Pull(s.seq)
		s.seq = nil
		s.cleanup = runtime.AddCleanup(s, stopPull, s.stop)
	}
	v, ok := s.next()
	runtime.KeepAlive(s)
	if !ok {
		s.release()
		s.phase = ended
		return endOf[T]()
	}
	return ready(v)
}

// release stops the coroutine (a no-op if it has returned) and cancels the
// cleanup.
func (s *iterStream[T]) release() {
	stop := s.stop
	s.seq, s.next, s.stop = nil, nil, nil
	s.cleanup.Stop()
	if stop != nil {
		stop()
	}
}

// Drop stops seq; a no-op the second time, or after the end.
func (s *iterStream[T]) Drop() {
	if s.phase == live {
		s.release()
		runtime.KeepAlive(s)
	}
	s.phase = dropped
}

// stopPull is the cleanup of an abandoned [Iter] stream.
func stopPull(stop func()) { stop() }
