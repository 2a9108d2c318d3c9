package future

// Select2 returns a future that polls a and b and is ready with the output
// of the first to be ready, as [NewLeft] (a won) or [NewRight] (b won); the
// loser is dropped at once (futures-rs select, tokio::select! with two
// branches).
//
// Order: each poll starts from cx.First(2, turn), where turn is a counter of
// this Select2 starting at 0 and advancing every poll: a fresh Select2 polls
// a first, and under repeated readiness the branches take turns being
// first, so neither starves the other. A seeded [Chooser] replaces the
// counter. When the first branch polled is ready, the other is not polled.
//
// Panics with "future.Select2: nil future". Cost: one allocation at
// construction, none per poll. Cancel-safety: the loser is dropped, so a
// value it had half-received is lost unless the loser itself is
// cancel-safe; Drop of the Select2 drops both branches.
func Select2[A, B any](a Future[A], b Future[B]) Future[Either[A, B]] {
	mustFuture("Select2", a)
	mustFuture("Select2", b)
	return &select2[A, B]{a: a, b: b}
}

// select2 is the future behind [Select2].
type select2[A, B any] struct {
	a     Future[A]
	b     Future[B]
	turn  int
	phase phase
}

// Poll polls the branches in this poll's order until one is ready. The
// loser is dropped after s has let go of it, so a loser whose Drop panics
// leaves s finished rather than half-done.
func (s *select2[A, B]) Poll(cx *Context) Poll[Either[A, B]] {
	s.phase.Check(s)
	first := cx.First(2, turn(&s.turn, 2))
	for i := range 2 {
		if (first+i)%2 == 0 {
			if v, ok := s.a.Poll(cx).Get(); ok {
				loser := s.b
				s.a, s.b, s.phase = nil, nil, done
				Drop(loser)
				return Ready(NewLeft[A, B](v))
			}
		} else if v, ok := s.b.Poll(cx).Get(); ok {
			loser := s.a
			s.a, s.b, s.phase = nil, nil, done
			Drop(loser)
			return Ready(NewRight[A, B](v))
		}
	}
	return Pending[Either[A, B]]()
}

// Drop drops both branches (a, then b); a no-op after Ready or a first
// Drop.
func (s *select2[A, B]) Drop() {
	if s.phase != live {
		return
	}
	a, b := s.a, s.b
	s.a, s.b, s.phase = nil, nil, dropped
	Drop(a)
	Drop(b)
}
