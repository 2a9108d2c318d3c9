package future

// Chooser makes the choices that decide an interleaving: which of n
// branches a join or select polls first. A seeded executor installs one so
// that the same seed replays the same order; schedule explorers install one
// that records and replays choices.
type Chooser interface {
	// Choose returns an integer in [0, n); n >= 1.
	Choose(n int) int
}

// First returns the index of the branch a combinator with n branches polls
// first this time. With a Chooser installed by the executor it is the
// Chooser's pick; without one it is fallback (combinators pass 0 for a
// fixed order, or a rotating counter for a fair one). n == 1 is never a
// choice point.
func (cx *Context) First(n, fallback int) int {
	if cx.t.Chooser == nil || n <= 1 {
		return fallback
	}
	return cx.t.Chooser.Choose(n)
}

// Settler is implemented by a [Chooser] that wants to know how the order
// it chose at a First played out: schedule explorers use it to enumerate
// branch orders only where the order can change the outcome ("branches
// ready together").
type Settler interface {
	// Settled is called once for each First that consulted the Chooser,
	// when the combinator's poll ends. contended is true when another
	// order could have had another outcome: a select whose branch polled
	// first was ready (the others were not polled and might have been
	// ready too), a join two or more of whose branches finished in the
	// poll. It assumes what Kettle's leaf futures guarantee: a poll that
	// returns Pending, followed by Drop, leaves no trace another order
	// would not leave.
	Settled(contended bool)
}

// JoinSettler is implemented by a [Settler] that judges a join's order
// itself: it is told how many branches finished in the poll (and can tell,
// for example, whether they touched anything in common) instead of being
// told "contended" when two or more did.
type JoinSettler interface {
	SettledJoin(finished int)
}

// SettleJoin is [Context.Settle] for a join: finished is how many of its
// branches finished in this poll. A [JoinSettler] judges; another Settler
// is told the order was contended when finished > 1.
func (cx *Context) SettleJoin(n, finished int) {
	if n <= 1 || cx.t.Chooser == nil {
		return
	}
	switch s := cx.t.Chooser.(type) {
	case JoinSettler:
		s.SettledJoin(finished)
	case Settler:
		s.Settled(finished > 1)
	}
}

// Settle tells a [Settler] Chooser how the order of the last First(n, …)
// of this combinator played out; a no-op when First did not consult one
// (n <= 1 or no Chooser). Combinators call it once per First, before
// returning from Poll.
func (cx *Context) Settle(n int, contended bool) {
	if n <= 1 || cx.t.Chooser == nil {
		return
	}
	if s, ok := cx.t.Chooser.(Settler); ok {
		s.Settled(contended)
	}
}
