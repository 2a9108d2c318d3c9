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
