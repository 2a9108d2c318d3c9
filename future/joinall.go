package future

// JoinAll returns a future that polls every future in fs until all are
// ready and is ready with their outputs in input order (futures-rs
// join_all). Each poll polls the unfinished futures once, starting from
// cx.First(len(fs), 0) and going round: a fixed order unless a seeded
// [Chooser] decides. A finished future is never polled again. With no
// futures it is ready at the first poll with an empty, non-nil slice.
//
// The slice fs is copied: the caller may reuse it. The output slice belongs
// to the caller.
//
// Up to 30 futures, each poll polls every unfinished one (cheapest for a
// few); above 30, each future gets a waker of its own and a poll polls only
// those woken since the last poll, in wake order (rotated by cx.First), so
// a poll costs O(woken), not O(len(fs)): futures-rs switches join_all to
// FuturesUnordered at the same size.
//
// Panics with "future.JoinAll: nil future". Cost: two allocations at
// construction (the copy and the outputs), four more above 30 futures (48
// bytes of waker node per future), none per poll. Drop drops the
// unfinished futures in input order.
func JoinAll[T any](fs ...Future[T]) Future[[]T] {
	for _, f := range fs {
		mustFuture("JoinAll", f)
	}
	if len(fs) > smallN {
		j := &joinAllMany[T]{out: make([]T, len(fs))}
		j.init(append([]Future[T](nil), fs...))
		return j
	}
	return &joinAll[T]{
		fs:   append([]Future[T](nil), fs...),
		out:  make([]T, len(fs)),
		left: len(fs),
	}
}

// joinAll is the future behind [JoinAll]. fs[i] is nil once future i
// finished; its output is then in out[i]. left counts the non-nil fs.
type joinAll[T any] struct {
	fs    []Future[T]
	out   []T
	left  int
	phase phase
}

// Poll polls each unfinished future once.
func (j *joinAll[T]) Poll(cx *Context) Poll[[]T] {
	j.phase.Check(j)
	n := len(j.fs)
	if j.left > 0 {
		i := cx.First(n, 0)
		for range n {
			if f := j.fs[i]; f != nil {
				if v, ok := f.Poll(cx).Get(); ok {
					j.out[i], j.fs[i] = v, nil
					j.left--
				}
			}
			if i++; i == n {
				i = 0
			}
		}
		if j.left > 0 {
			return Pending[[]T]()
		}
	}
	out := j.out
	j.fs, j.out, j.phase = nil, nil, done
	return Ready(out)
}

// Drop drops the unfinished futures in input order; a no-op after Ready or
// a first Drop.
func (j *joinAll[T]) Drop() {
	if j.phase != live {
		return
	}
	fs := j.fs
	j.fs, j.out, j.phase = nil, nil, dropped
	dropAll(fs, -1)
}

// dropAll drops every non-nil future of fs except fs[skip], in order.
func dropAll[T any](fs []Future[T], skip int) {
	for i, f := range fs {
		if f != nil && i != skip {
			Drop(f)
		}
	}
}

// TryJoinAll is [JoinAll] for fallible futures (futures-rs try_join_all):
// ready with all values in input order once every future is ready with a
// nil error, or with the first error seen, as soon as it is seen. On error
// the futures that have not finished are dropped in input order; values
// already produced are discarded. "First" is in poll order, so under a
// seeded [Chooser] which of two simultaneous errors wins depends on the
// seed. With no futures it is ready with an empty, non-nil slice.
//
// Panics with "future.TryJoinAll: nil future". Cost as for JoinAll, and as
// JoinAll it polls only the woken futures above 30.
func TryJoinAll[T any](fs ...Future[Result[T]]) Future[Result[[]T]] {
	for _, f := range fs {
		mustFuture("TryJoinAll", f)
	}
	if len(fs) > smallN {
		j := &tryJoinAllMany[T]{out: make([]T, len(fs))}
		j.init(append([]Future[Result[T]](nil), fs...))
		return j
	}
	return &tryJoinAll[T]{
		fs:   append([]Future[Result[T]](nil), fs...),
		out:  make([]T, len(fs)),
		left: len(fs),
	}
}

// tryJoinAll is the future behind [TryJoinAll]; see [joinAll].
type tryJoinAll[T any] struct {
	fs    []Future[Result[T]]
	out   []T
	left  int
	phase phase
}

// Poll polls each unfinished future once, stopping at the first error.
func (j *tryJoinAll[T]) Poll(cx *Context) Poll[Result[[]T]] {
	j.phase.Check(j)
	n := len(j.fs)
	if j.left > 0 {
		i := cx.First(n, 0)
		for range n {
			if f := j.fs[i]; f != nil {
				if r, ok := f.Poll(cx).Get(); ok {
					j.fs[i] = nil
					if r.Err != nil {
						fs := j.fs
						j.fs, j.out, j.phase = nil, nil, done
						dropAll(fs, -1)
						return Ready(Result[[]T]{Err: r.Err})
					}
					j.out[i] = r.Value
					j.left--
				}
			}
			if i++; i == n {
				i = 0
			}
		}
		if j.left > 0 {
			return Pending[Result[[]T]]()
		}
	}
	out := j.out
	j.fs, j.out, j.phase = nil, nil, done
	return Ready(Result[[]T]{Value: out})
}

// Drop drops the unfinished futures in input order; a no-op after Ready or
// a first Drop.
func (j *tryJoinAll[T]) Drop() {
	if j.phase != live {
		return
	}
	fs := j.fs
	j.fs, j.out, j.phase = nil, nil, dropped
	dropAll(fs, -1)
}
