package future

// Selected is the output of [SelectAll]: the Index (in the input slice) and
// Value of the future that finished first, and the Rest: the futures that
// have not finished, in input order without the winner, neither dropped nor
// polled again by SelectAll. The caller owns Rest: select over it again, or
// drop each one.
type Selected[T any] struct {
	Index int
	Value T
	Rest  []Future[T]
}

// SelectAll returns a future that polls every future in fs and is ready
// with the first to finish and the unfinished rest (futures-rs select_all).
// Unlike [Race], the losers are not dropped: they come back in
// [Selected.Rest], so a loop can keep selecting over what is left.
//
// Order: as for [Race]. The slice fs is copied; Rest reuses that copy, so
// the call allocates nothing at completion.
//
// Above 30 futures a poll polls only the futures woken since the last one,
// as for [Race]; Rest is the same (the unfinished futures in input order).
//
// Panics with "future.SelectAll: no futures" when fs is empty and
// "future.SelectAll: nil future" for a nil element. Cost: two allocations
// at construction (four more above 30 futures), none per poll. Drop of an
// unfinished SelectAll drops every future.
func SelectAll[T any](fs []Future[T]) Future[Selected[T]] {
	if len(fs) == 0 {
		panic("future.SelectAll: no futures")
	}
	for _, f := range fs {
		mustFuture("SelectAll", f)
	}
	if len(fs) > smallN {
		s := &selectAllMany[T]{}
		s.init(append([]Future[T](nil), fs...))
		return s
	}
	return &selectAll[T]{fs: append([]Future[T](nil), fs...)}
}

// selectAll is the future behind [SelectAll].
type selectAll[T any] struct {
	fs    []Future[T]
	turn  int
	phase phase
}

// Poll polls the futures in this poll's order until one is ready.
func (s *selectAll[T]) Poll(cx *Context) Poll[Selected[T]] {
	s.phase.Check(s)
	n := len(s.fs)
	i := cx.First(n, turn(&s.turn, n))
	for range n {
		if v, ok := s.fs[i].Poll(cx).Get(); ok {
			fs := s.fs
			s.fs, s.phase = nil, done
			// Remove the winner in place, keeping input order, and clear
			// the slot left stale at the end. SelectAll no longer uses fs:
			// the caller owns Rest, its spare capacity included.
			rest := append(fs[:i], fs[i+1:]...)
			fs[n-1] = nil
			return Ready(Selected[T]{Index: i, Value: v, Rest: rest})
		}
		if i++; i == n {
			i = 0
		}
	}
	return Pending[Selected[T]]()
}

// Drop drops every future in input order; a no-op after Ready or a first
// Drop.
func (s *selectAll[T]) Drop() {
	if s.phase != live {
		return
	}
	fs := s.fs
	s.fs, s.phase = nil, dropped
	dropAll(fs, -1)
}
