package future

// Join2 returns a future that polls a and b until both are ready and is
// ready with both outputs (futures-rs join, tokio::join!). Each poll polls
// the unfinished branches once, starting from cx.First(2, 0): a fixed order
// (a, then b) unless a seeded [Chooser] decides. A finished branch is never
// polled again; its output is kept.
//
// Panics with "future.Join2: nil future". Cost: one allocation at
// construction, none per poll. Drop drops the branches that have not
// finished; outputs already produced are discarded (so Join2 is
// cancel-safe only if both branches are).
func Join2[A, B any](a Future[A], b Future[B]) Future[Tuple2[A, B]] {
	mustFuture("Join2", a)
	mustFuture("Join2", b)
	return &join2[A, B]{a: a, b: b}
}

// join2 is the future behind [Join2]. A branch field is nil once that
// branch finished; its output is then in out.
type join2[A, B any] struct {
	a     Future[A]
	b     Future[B]
	out   Tuple2[A, B]
	phase phase
}

// Poll polls each unfinished branch once.
func (j *join2[A, B]) Poll(cx *Context) Poll[Tuple2[A, B]] {
	j.phase.Check(j)
	first := cx.First(2, 0)
	for i := range 2 {
		if (first+i)%2 == 0 {
			if j.a != nil {
				if v, ok := j.a.Poll(cx).Get(); ok {
					j.out.V1, j.a = v, nil
				}
			}
		} else if j.b != nil {
			if v, ok := j.b.Poll(cx).Get(); ok {
				j.out.V2, j.b = v, nil
			}
		}
	}
	if j.a != nil || j.b != nil {
		return Pending[Tuple2[A, B]]()
	}
	j.phase = done
	out := j.out
	j.out = Tuple2[A, B]{}
	return Ready(out)
}

// Drop drops the unfinished branches (a, then b); a no-op after Ready or a
// first Drop.
func (j *join2[A, B]) Drop() {
	if j.phase != live {
		return
	}
	a, b := j.a, j.b
	j.a, j.b, j.out, j.phase = nil, nil, Tuple2[A, B]{}, dropped
	if a != nil {
		Drop(a)
	}
	if b != nil {
		Drop(b)
	}
}

// Join3 is [Join2] for three branches: ready with all three outputs, each
// poll starting from cx.First(3, 0), finished branches never polled again.
//
// Panics with "future.Join3: nil future". Cost: one allocation at
// construction, none per poll. Drop drops the unfinished branches.
func Join3[A, B, C any](a Future[A], b Future[B], c Future[C]) Future[Tuple3[A, B, C]] {
	mustFuture("Join3", a)
	mustFuture("Join3", b)
	mustFuture("Join3", c)
	return &join3[A, B, C]{a: a, b: b, c: c}
}

// join3 is the future behind [Join3]; see [join2].
type join3[A, B, C any] struct {
	a     Future[A]
	b     Future[B]
	c     Future[C]
	out   Tuple3[A, B, C]
	phase phase
}

// Poll polls each unfinished branch once.
func (j *join3[A, B, C]) Poll(cx *Context) Poll[Tuple3[A, B, C]] {
	j.phase.Check(j)
	first := cx.First(3, 0)
	for i := range 3 {
		switch (first + i) % 3 {
		case 0:
			if j.a != nil {
				if v, ok := j.a.Poll(cx).Get(); ok {
					j.out.V1, j.a = v, nil
				}
			}
		case 1:
			if j.b != nil {
				if v, ok := j.b.Poll(cx).Get(); ok {
					j.out.V2, j.b = v, nil
				}
			}
		default:
			if j.c != nil {
				if v, ok := j.c.Poll(cx).Get(); ok {
					j.out.V3, j.c = v, nil
				}
			}
		}
	}
	if j.a != nil || j.b != nil || j.c != nil {
		return Pending[Tuple3[A, B, C]]()
	}
	j.phase = done
	out := j.out
	j.out = Tuple3[A, B, C]{}
	return Ready(out)
}

// Drop drops the unfinished branches (a, b, then c); a no-op after Ready or
// a first Drop.
func (j *join3[A, B, C]) Drop() {
	if j.phase != live {
		return
	}
	a, b, c := j.a, j.b, j.c
	j.a, j.b, j.c, j.out, j.phase = nil, nil, nil, Tuple3[A, B, C]{}, dropped
	if a != nil {
		Drop(a)
	}
	if b != nil {
		Drop(b)
	}
	if c != nil {
		Drop(c)
	}
}
