package stream

import "github.com/kettle-rt/kettle/future"

// BufferUnordered returns a stream that keeps up to n futures of s running
// at once and yields their outputs as they finish (futures-rs
// StreamExt::buffer_unordered).
//
// Each PollNext first takes futures from s while fewer than n are held
// (running or finished but not yet yielded), then polls every running
// future once, then yields the output that finished first. Outputs that
// finish in the same PollNext are yielded in the order they were polled:
// input order from a start chosen by cx.First (so a seeded executor can
// vary it; without a Chooser, the oldest first). It ends when s has ended
// and every output was yielded.
//
// Panics with "stream.BufferUnordered: nil stream" or, for n < 1,
// "stream.BufferUnordered: n = 0, want n >= 1"; a nil future from s panics
// in the PollNext that received it. Cost: two allocations of n entries at
// construction, none per item; a PollNext costs O(n) polls. Cancel-safe
// when s is: an unyielded output stays held. Drop drops every running
// future, oldest first, then s unless it ended; finished outputs are
// discarded.
func BufferUnordered[T any](s Stream[future.Future[T]], n int) Stream[T] {
	mustStream("BufferUnordered", s)
	mustPositive("BufferUnordered", n)
	return &unordered[T]{
		s:       s,
		running: make([]future.Future[T], 0, n),
		out:     make([]T, n),
	}
}

// unordered is the stream behind [BufferUnordered]. running holds the
// futures in flight, oldest first; out is a ring of count outputs from
// head, in the order they finished. len(running)+count <= len(out).
type unordered[T any] struct {
	s           Stream[future.Future[T]] // nil once ended
	running     []future.Future[T]
	out         []T
	head, count int
	phase       phase
}

// PollNext fills, polls every running future, and yields the first
// finished output.
func (u *unordered[T]) PollNext(cx *future.Context) future.Poll[Item[T]] {
	if !u.phase.CheckStream(u) {
		return endOf[T]()
	}
	for u.s != nil && len(u.running)+u.count < len(u.out) {
		f, ok := pullFuture(cx, &u.s, "BufferUnordered")
		if !ok {
			break
		}
		u.running = append(u.running, f)
	}
	if n := len(u.running); n > 0 {
		start := cx.First(n, 0)
		finished := false
		for k := range n {
			i := start + k
			if i >= n {
				i -= n
			}
			if v, ok := u.running[i].Poll(cx).Get(); ok {
				u.running[i] = nil
				u.push(v)
				finished = true
			}
		}
		if finished {
			u.compact()
		}
	}
	if u.count > 0 {
		v := u.out[u.head]
		var zero T
		u.out[u.head] = zero
		if u.head++; u.head == len(u.out) {
			u.head = 0
		}
		u.count--
		return ready(v)
	}
	if len(u.running) == 0 && u.s == nil {
		u.running, u.out, u.phase = nil, nil, ended
		return endOf[T]()
	}
	return pending[T]()
}

// push appends a finished output to the ring.
func (u *unordered[T]) push(v T) {
	j := u.head + u.count
	if j >= len(u.out) {
		j -= len(u.out)
	}
	u.out[j] = v
	u.count++
}

// compact removes the finished (nil) entries of running, keeping the
// others oldest first.
func (u *unordered[T]) compact() {
	k := 0
	for _, f := range u.running {
		if f != nil {
			u.running[k] = f
			k++
		}
	}
	clear(u.running[k:])
	u.running = u.running[:k]
}

// Drop drops the running futures oldest first, then s unless it ended; a
// no-op the second time.
func (u *unordered[T]) Drop() {
	if u.phase != live {
		u.phase = dropped
		return
	}
	s, running := u.s, u.running
	u.s, u.running, u.out, u.count, u.phase = nil, nil, nil, 0, dropped
	for _, f := range running {
		drop(f)
	}
	drop(s)
}
