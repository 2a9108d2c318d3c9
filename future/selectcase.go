package future

// Case is one branch of [Select]: a future and what to do with its output,
// made by [On]. The zero Case is invalid (Select panics on it).
type Case struct{ b branch }

// branch is a case's future behind a type-free face, so that one Select
// holds branches of different output types.
type branch interface {
	poll(cx *Context) bool // polls the future; true once its output is held
	fire()                 // runs fn with the held output
	Dropper
}

// On makes a [Select] case: when f is the first future ready, Select drops
// the other cases and then calls fn with f's output. fn may be nil: the
// output is discarded (tokio's `_ = fut => {}`). Wrap f with [Borrow] to
// keep it alive when another case wins.
//
// Panics with "future.On: nil future".
func On[T any](f Future[T], fn func(T)) Case {
	mustFuture("On", f)
	return Case{b: &onCase[T]{f: f, fn: fn}}
}

// onCase is the branch behind [On].
type onCase[T any] struct {
	f  Future[T] // nil once it finished or was dropped
	fn func(T)
	v  T
}

func (c *onCase[T]) poll(cx *Context) bool {
	p := c.f.Poll(cx)
	if p.ready {
		c.f, c.v = nil, p.value
	}
	return p.ready
}

func (c *onCase[T]) fire() {
	v, fn := c.v, c.fn
	var zero T
	c.v, c.fn = zero, nil
	if fn != nil {
		fn(v)
	}
}

func (c *onCase[T]) Drop() {
	if f := c.f; f != nil {
		c.f, c.fn = nil, nil
		Drop(f)
	}
}

// Select returns a future that polls every case's future and, when the
// first is ready, drops the others (in input order; a [Borrow]ed future is
// left alive), runs the winner's fn, and is ready with the winner's index
// in cases: tokio::select! with branches of any types.
//
//	deadline := timer.Sleep(time.Minute) // one deadline for the whole loop
//	for open := true; open; {
//		future.Await(co, future.Select(
//			future.On(future.Borrow(deadline), func(future.Unit) { open = false }),
//			future.On(rx.Recv(), func(r future.Result[Msg]) { open = handle(r) }),
//		))
//	}
//	future.Drop(deadline)
//
// Order: as for [Race]: each poll starts from cx.First(len(cases), turn),
// with a per-Select counter starting at 0, and goes round; a poll stops at
// the first ready case, so no case starves another and a seeded Chooser
// replays the order. fn runs inside the Poll that finds the winner, after
// the losers were dropped.
//
// Panics with "future.Select: no cases" when cases is empty and
// "future.Select: zero Case" for a Case not made by [On]. Cost: one
// allocation for the Select and one for the copy of cases, plus one per On;
// none per poll; a poll costs O(len(cases)) (select over a handful of
// branches; for many futures of one type use [Race] or stream.Unordered).
// Cancel-safe exactly as its losing futures are (wrap those that are not in
// Borrow and keep them). Drop drops every case.
func Select(cases ...Case) Future[int] {
	if len(cases) == 0 {
		panic("future.Select: no cases")
	}
	for _, c := range cases {
		if c.b == nil {
			panic("future.Select: zero Case")
		}
	}
	return &selectCases{cases: append([]Case(nil), cases...)}
}

// selectCases is the future behind [Select].
type selectCases struct {
	cases []Case
	turn  int
	phase phase
}

// Poll polls the cases in this poll's order until one is ready.
func (s *selectCases) Poll(cx *Context) Poll[int] {
	s.phase.Check(s)
	n := len(s.cases)
	i := cx.First(n, turn(&s.turn, n))
	for range n {
		if s.cases[i].b.poll(cx) {
			cases := s.cases
			s.cases, s.phase = nil, done
			for k, c := range cases {
				if k != i {
					c.b.Drop()
				}
			}
			cases[i].b.fire()
			return Ready(i)
		}
		if i++; i == n {
			i = 0
		}
	}
	return Pending[int]()
}

// Drop drops every case in input order; a no-op after Ready or a first
// Drop.
func (s *selectCases) Drop() {
	if s.phase != live {
		return
	}
	cases := s.cases
	s.cases, s.phase = nil, dropped
	for _, c := range cases {
		c.b.Drop()
	}
}
