package future

// MapOk returns a future of f's result with fn applied to its value: an
// error passes through untouched and fn is not called (futures-rs
// TryFutureExt::map_ok). fn runs inside the poll that saw f ready.
//
// Panics with "future.MapOk: nil future" or "future.MapOk: nil fn". Cost:
// one allocation at construction, none per poll. As cancel-safe as f; Drop
// drops f unless it finished.
func MapOk[A, B any](f Future[Result[A]], fn func(A) B) Future[Result[B]] {
	mustFuture("MapOk", f)
	mustFn("MapOk", fn == nil)
	return &mapOk[A, B]{f: f, fn: fn}
}

// mapOk is the future behind [MapOk].
type mapOk[A, B any] struct {
	f     Future[Result[A]]
	fn    func(A) B
	phase phase
}

func (m *mapOk[A, B]) Poll(cx *Context) Poll[Result[B]] {
	m.phase.Check(m)
	r, ok := m.f.Poll(cx).Get()
	if !ok {
		return Pending[Result[B]]()
	}
	fn := m.fn
	m.f, m.fn, m.phase = nil, nil, done
	if r.Err != nil {
		return Ready(Result[B]{Err: r.Err})
	}
	return Ready(Result[B]{Value: fn(r.Value)})
}

// Drop drops f unless it finished; a no-op after Ready or a first Drop.
func (m *mapOk[A, B]) Drop() {
	if m.phase == live {
		f := m.f
		m.f, m.fn, m.phase = nil, nil, dropped
		Drop(f)
	}
}

// MapErr returns a future of f's result with fn applied to its error: a
// value passes through untouched and fn is not called (futures-rs
// TryFutureExt::map_err). fn receives a non-nil error; what it returns is
// the new Err, so returning nil turns the failure into a zero-value
// success.
//
// Panics with "future.MapErr: nil future" or "future.MapErr: nil fn".
// Cost, cancel-safety and Drop as for [MapOk].
func MapErr[T any](f Future[Result[T]], fn func(error) error) Future[Result[T]] {
	mustFuture("MapErr", f)
	mustFn("MapErr", fn == nil)
	return &mapErr[T]{f: f, fn: fn}
}

// mapErr is the future behind [MapErr].
type mapErr[T any] struct {
	f     Future[Result[T]]
	fn    func(error) error
	phase phase
}

func (m *mapErr[T]) Poll(cx *Context) Poll[Result[T]] {
	m.phase.Check(m)
	r, ok := m.f.Poll(cx).Get()
	if !ok {
		return Pending[Result[T]]()
	}
	fn := m.fn
	m.f, m.fn, m.phase = nil, nil, done
	if r.Err != nil {
		r.Err = fn(r.Err)
	}
	return Ready(r)
}

// Drop drops f unless it finished; a no-op after Ready or a first Drop.
func (m *mapErr[T]) Drop() {
	if m.phase == live {
		f := m.f
		m.f, m.fn, m.phase = nil, nil, dropped
		Drop(f)
	}
}

// Flatten turns a future of a result of a result into a future of a
// result: the outer error if there is one, else the inner result (Rust's
// Result::flatten after a future; what timer.Timeout around a fallible
// future needs).
//
// Panics with "future.Flatten: nil future". Cost, cancel-safety and Drop
// as for [MapOk].
func Flatten[T any](f Future[Result[Result[T]]]) Future[Result[T]] {
	mustFuture("Flatten", f)
	return &flatten[T]{f: f}
}

// flatten is the future behind [Flatten].
type flatten[T any] struct {
	f     Future[Result[Result[T]]]
	phase phase
}

func (m *flatten[T]) Poll(cx *Context) Poll[Result[T]] {
	m.phase.Check(m)
	r, ok := m.f.Poll(cx).Get()
	if !ok {
		return Pending[Result[T]]()
	}
	m.f, m.phase = nil, done
	if r.Err != nil {
		return Ready(Result[T]{Err: r.Err})
	}
	return Ready(r.Value)
}

// Drop drops f unless it finished; a no-op after Ready or a first Drop.
func (m *flatten[T]) Drop() {
	if m.phase == live {
		f := m.f
		m.f, m.phase = nil, dropped
		Drop(f)
	}
}

// AndThen returns a future that polls f and, when f succeeds with a,
// polls fn(a) until it is ready with the output (futures-rs
// TryFutureExt::and_then). If f fails, its error is the output and fn is
// never called. fn runs inside the poll that saw f succeed, and the second
// stage is polled in that same poll. It is [Then] with a step that stops at
// an error: one two-stage machine serves both.
//
// Panics with "future.AndThen: nil future" or "future.AndThen: nil fn",
// and, in the poll that calls it, "future.AndThen: fn returned nil
// future". Cost: two allocations at construction (the machine and the
// step), one more when f fails (the ready error), plus whatever fn
// allocates; none per poll. Drop drops the current stage: AndThen is as
// cancel-safe as its stages.
func AndThen[A, B any](f Future[Result[A]], fn func(A) Future[Result[B]]) Future[Result[B]] {
	mustFuture("AndThen", f)
	mustFn("AndThen", fn == nil)
	step := func(r Result[A]) Future[Result[B]] {
		if r.Err != nil {
			return Value(Result[B]{Err: r.Err})
		}
		return fn(r.Value)
	}
	return &thenFuture[Result[A], Result[B]]{first: f, fn: step, name: "AndThen"}
}

// SelectOk returns a future that polls every future in fs and is ready
// with the first success; the others are dropped at once, in input order
// (futures-rs select_ok). A future that fails is removed and the rest go
// on; if every one fails, the output is the last error seen.
//
// Order: as for [Race] (cx.First with a per-SelectOk counter; a poll stops
// at the first success). The slice fs is copied.
//
// Panics with "future.SelectOk: no futures" when fs is empty and
// "future.SelectOk: nil future" for a nil element. Cost: two allocations
// at construction, none per poll; a poll costs O(len(fs)). Drop drops
// every future still running.
func SelectOk[T any](fs ...Future[Result[T]]) Future[Result[T]] {
	if len(fs) == 0 {
		panic("future.SelectOk: no futures")
	}
	for _, f := range fs {
		mustFuture("SelectOk", f)
	}
	return &selectOk[T]{fs: append([]Future[Result[T]](nil), fs...), left: len(fs)}
}

// selectOk is the future behind [SelectOk]; fs[i] is nil once it failed.
type selectOk[T any] struct {
	fs    []Future[Result[T]]
	left  int
	turn  int
	phase phase
}

func (s *selectOk[T]) Poll(cx *Context) Poll[Result[T]] {
	s.phase.Check(s)
	n := len(s.fs)
	i := cx.First(n, turn(&s.turn, n))
	first := true // for Settle: did the branch polled first finish?
	contended := false
	for range n {
		if f := s.fs[i]; f != nil {
			if r, ok := f.Poll(cx).Get(); ok {
				contended = contended || first
				s.fs[i] = nil
				if r.Err == nil {
					cx.Settle(n, contended)
					fs := s.fs
					s.fs, s.phase = nil, done
					dropAll(fs, -1)
					return Ready(r)
				}
				if s.left--; s.left == 0 {
					cx.Settle(n, contended)
					s.fs, s.phase = nil, done
					return Ready(r)
				}
			}
			first = false
		}
		if i++; i == n {
			i = 0
		}
	}
	cx.Settle(n, contended)
	return Pending[Result[T]]()
}

// Drop drops every future still running, in input order; a no-op after
// Ready or a first Drop.
func (s *selectOk[T]) Drop() {
	if s.phase != live {
		return
	}
	fs := s.fs
	s.fs, s.phase = nil, dropped
	dropAll(fs, -1)
}
