package future

// Race returns a future that polls every future in fs and is ready with the
// output of the first to be ready; the others are dropped at once, in input
// order (futures-rs select_ok without errors, a tokio::select! over n
// branches of one type).
//
// Order: as for [Select2], each poll starts from cx.First(len(fs), turn)
// with a per-Race counter starting at 0, and goes round; a poll stops at the
// first ready future. The slice fs is copied.
//
// Above 30 futures each gets a waker of its own and a poll polls only
// those woken since the last poll (in wake order, rotated by cx.First): a
// poll costs O(woken), as for [JoinAll].
//
// Panics with "future.Race: no futures" when fs is empty and
// "future.Race: nil future" for a nil element. Cost: one allocation for the
// Race and one for the copy at construction (four more above 30 futures),
// none per poll. Drop drops every future.
func Race[T any](fs ...Future[T]) Future[T] {
	if len(fs) == 0 {
		panic("future.Race: no futures")
	}
	for _, f := range fs {
		mustFuture("Race", f)
	}
	if len(fs) > smallN {
		r := &raceMany[T]{}
		r.init(append([]Future[T](nil), fs...))
		return r
	}
	return &race[T]{fs: append([]Future[T](nil), fs...)}
}

// race is the future behind [Race].
type race[T any] struct {
	fs    []Future[T]
	turn  int
	phase phase
}

// Poll polls the futures in this poll's order until one is ready.
func (r *race[T]) Poll(cx *Context) Poll[T] {
	r.phase.Check(r)
	n := len(r.fs)
	i := cx.First(n, turn(&r.turn, n))
	for range n {
		if v, ok := r.fs[i].Poll(cx).Get(); ok {
			fs := r.fs
			r.fs, r.phase = nil, done
			dropAll(fs, i)
			return Ready(v)
		}
		if i++; i == n {
			i = 0
		}
	}
	return Pending[T]()
}

// Drop drops every future in input order; a no-op after Ready or a first
// Drop.
func (r *race[T]) Drop() {
	if r.phase != live {
		return
	}
	fs := r.fs
	r.fs, r.phase = nil, dropped
	dropAll(fs, -1)
}
