package model

import (
	"go/token"
	"sort"

	"golang.org/x/tools/go/cfg"
)

// Facts is the state of a forward may-analysis at one program point: the
// facts that hold on some path to it (a lock held, a guard not yet
// released), each with the position where it began.
type Facts map[any]token.Pos

// Clone returns a copy of f.
func (f Facts) Clone() Facts {
	c := make(Facts, len(f))
	for k, v := range f {
		c[k] = v
	}
	return c
}

// Forward solves a forward may-analysis on g and returns the facts at the
// entry of every block, indexed by Block.Index. transfer computes a
// block's exit facts from its entry facts (it may modify and return in);
// edge, if not nil, filters the facts that flow along a block's i-th
// successor edge (to drop what a branch condition refutes). Facts meet by
// union, so the result holds a fact at a point if some path brings it
// there.
func Forward(g *cfg.CFG, transfer func(b *cfg.Block, in Facts) Facts, edge func(b *cfg.Block, succ int, out Facts) Facts) []Facts {
	in := make([]Facts, len(g.Blocks))
	if len(g.Blocks) == 0 {
		return in
	}
	in[0] = Facts{}
	work := []*cfg.Block{g.Blocks[0]}
	queued := make([]bool, len(g.Blocks))
	queued[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		queued[b.Index] = false
		out := transfer(b, in[b.Index].Clone())
		for i, s := range b.Succs {
			flow := out
			if edge != nil {
				flow = edge(b, i, out.Clone())
			}
			if merge(&in[s.Index], flow) && !queued[s.Index] {
				queued[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return in
}

// merge adds the facts of from to *to and reports whether *to changed
// (or was reached for the first time).
func merge(to *Facts, from Facts) bool {
	if *to == nil {
		*to = from.Clone()
		return true
	}
	changed := false
	for k, v := range from {
		if _, ok := (*to)[k]; !ok {
			(*to)[k] = v
			changed = true
		}
	}
	return changed
}

// Keys returns the facts' keys ordered by the position where each began,
// so that reports come out in a stable order.
func (f Facts) Keys() []any {
	keys := make([]any, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.SliceStable(keys, func(i, j int) bool { return f[keys[i]] < f[keys[j]] })
	return keys
}
