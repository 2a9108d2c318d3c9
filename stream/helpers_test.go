package stream_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/waker"
)

// src is a test stream: it yields vals in order, returning Pending (and
// waking its task unless silent) for `gap` polls before each value, then
// the end. It counts polls and drops, and panics if polled after Drop or
// after the end (adapters must not poll an ended source).
type src[T any] struct {
	name    string
	vals    []T
	gap     int
	silent  bool
	waited  int
	polls   int
	drops   int
	ends    int
	forever bool // never ends: cycles through vals
	i       int
}

func newSrc[T any](name string, vals ...T) *src[T] { return &src[T]{name: name, vals: vals} }

func (s *src[T]) PollNext(cx *future.Context) future.Poll[stream.Item[T]] {
	if s.drops > 0 {
		panic(fmt.Sprintf("%s polled after Drop", s.name))
	}
	if s.ends > 0 {
		panic(fmt.Sprintf("%s polled after its end", s.name))
	}
	s.polls++
	if s.waited < s.gap {
		s.waited++
		if !s.silent {
			cx.Waker().Wake()
		}
		return future.Pending[stream.Item[T]]()
	}
	s.waited = 0
	if s.i == len(s.vals) {
		if !s.forever || len(s.vals) == 0 {
			s.ends++
			return future.Ready(stream.End[T]())
		}
		s.i = 0
	}
	v := s.vals[s.i]
	s.i++
	return future.Ready(stream.Some(v))
}

func (s *src[T]) Drop() { s.drops++ }

// fut is a test future: Pending (waking its task) for `pending` polls, then
// Ready with v. It counts polls and drops and panics on misuse.
type fut[T any] struct {
	pending int
	v       T
	polls   int
	drops   int
	done    bool
}

func (f *fut[T]) Poll(cx *future.Context) future.Poll[T] {
	if f.done || f.drops > 0 {
		panic("fut polled after completion or Drop")
	}
	f.polls++
	if f.polls <= f.pending {
		cx.Waker().Wake()
		return future.Pending[T]()
	}
	f.done = true
	return future.Ready(f.v)
}

func (f *fut[T]) Drop() {
	if !f.done {
		f.drops++
	}
}

// futs returns test futures ready with their index after pending[i]
// Pending polls, and a source stream of them.
func futs(pending ...int) ([]*fut[int], *src[future.Future[int]]) {
	fs := make([]*fut[int], len(pending))
	vals := make([]future.Future[int], len(pending))
	for i, p := range pending {
		fs[i] = &fut[int]{pending: p, v: i}
		vals[i] = fs[i]
	}
	return fs, newSrc("futures", vals...)
}

// wakes counts wakes of a task.
type wakes struct{ n atomic.Int64 }

func (w *wakes) Wake() { w.n.Add(1) }

// newCx returns a Context whose waker counts into a fresh counter.
func newCx() (*future.Context, *wakes) {
	w := &wakes{}
	return future.NewContext(waker.New(w)), w
}

// drain polls s as a one-task executor until it ends: it polls again after
// Pending only if a wake came, and fails the test otherwise (the stream
// would hang) or after max polls. It returns the values.
func drain[T any](t testing.TB, s stream.Stream[T], max int) []T {
	t.Helper()
	cx, w := newCx()
	out := []T{}
	for polls := 1; polls <= max; polls++ {
		before := w.n.Load()
		it, ok := s.PollNext(cx).Get()
		if !ok {
			require.Greater(t, w.n.Load(), before, "pending without a wake at poll %d", polls)
			continue
		}
		v, ok := it.Get()
		if !ok {
			return out
		}
		out = append(out, v)
	}
	require.FailNow(t, "stream did not end", "after %d polls", max)
	return nil
}

// next polls s until it yields an item (at most max polls) and returns it.
func next[T any](t testing.TB, cx *future.Context, s stream.Stream[T], max int) stream.Item[T] {
	t.Helper()
	for range max {
		if it, ok := s.PollNext(cx).Get(); ok {
			return it
		}
	}
	require.FailNow(t, "no item", "after %d polls", max)
	return stream.Item[T]{}
}

// requireEnded checks that s keeps returning the end without panicking.
func requireEnded[T any](t testing.TB, s stream.Stream[T]) {
	t.Helper()
	cx, _ := newCx()
	for range 3 {
		it, ok := s.PollNext(cx).Get()
		require.True(t, ok, "an ended stream is ready")
		require.True(t, it.IsEnd(), "an ended stream returns End")
	}
}
