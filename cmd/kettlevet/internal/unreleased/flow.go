package unreleased

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/model"
)

// flow follows the control-flow graph: a guard is held from its
// acquisition to a release on the same path; a return reached while it is
// held is reported, once per guard.
func (c *checker) flow() {
	info := c.pass.TypesInfo
	g := cfg.New(c.fn.Body, model.MayReturn(info))
	in := model.Forward(g, c.transfer, c.edge)
	reported := map[*types.Var]bool{}
	for _, b := range g.Blocks {
		ret := b.Return()
		if ret == nil || in[b.Index] == nil {
			continue
		}
		out := c.transfer(b, in[b.Index].Clone())
		for _, k := range out.Keys() {
			v := k.(*types.Var)
			if reported[v] {
				continue
			}
			reported[v] = true
			h := c.held[v]
			at := out[k]
			c.r.Report(analysis.Range(rangeAt(at)), []analysis.RelatedInformation{{Pos: ret.Pos(), Message: "returns here without releasing it"}},
				"%s %s is not released on every path: the return on line %d leaves it held; %s it (or defer it) on every path, or hand it on",
				describe(h.res), v.Name(), c.pass.Fset.Position(ret.Pos()).Line, h.res.Release[0])
		}
	}
}

type rangeAt token.Pos

func (r rangeAt) Pos() token.Pos { return token.Pos(r) }
func (r rangeAt) End() token.Pos { return token.Pos(r) }

func describe(r model.Resource) string {
	pkg := r.Path[len(r.Path)-len(lastElem(r.Path)):]
	return pkg + "." + r.Name
}

func lastElem(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

// transfer applies a block's acquisitions and releases, in order.
func (c *checker) transfer(b *cfg.Block, facts model.Facts) model.Facts {
	for _, n := range b.Nodes {
		c.node(n, facts)
	}
	return facts
}

func (c *checker) node(n ast.Node, facts model.Facts) {
	if d, ok := n.(*ast.DeferStmt); ok {
		c.deferred(d, facts)
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if v := c.releaseCall(n); v != nil {
				delete(facts, v)
			}
		}
		return true
	})
	c.acquisitions(n, func(v *types.Var, _ model.Resource, _ *types.Var) {
		if h := c.held[v]; h != nil && !h.escapes {
			facts[v] = n.Pos()
		}
	})
}

// deferred handles a defer: a release deferred now covers every later
// return, so the guard counts as released from here on.
func (c *checker) deferred(d *ast.DeferStmt, facts model.Facts) {
	if v := c.releaseCall(d.Call); v != nil {
		delete(facts, v)
		return
	}
	lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if !ok {
		return
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if v := c.releaseCall(call); v != nil {
				delete(facts, v)
			}
		}
		return true
	})
}

// releaseCall returns the guard a call releases (g.Unlock(), p.Release(),
// p.Send(v)), or nil.
func (c *checker) releaseCall(call *ast.CallExpr) *types.Var {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	h := c.held[v]
	if h == nil || !slices.Contains(h.res.Release, sel.Sel.Name) {
		return nil
	}
	return v
}

// edge drops, along a branch, the guards its condition proves empty.
func (c *checker) edge(b *cfg.Block, succ int, facts model.Facts) model.Facts {
	if len(b.Succs) != 2 || len(b.Nodes) == 0 || len(facts) == 0 {
		return facts
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok {
		return facts
	}
	vs, ok := c.empty(cond, succ == 0)
	if !ok {
		// A condition the analyzer cannot read (assert.True(t, ok)) that
		// mentions a guard or its ok/err: which branch holds the guard is
		// unknown, so neither is reported.
		vs = c.mentioned(cond)
	}
	for _, v := range vs {
		delete(facts, v)
	}
	return facts
}

// mentioned returns the guards that cond names, directly or through their
// ok, err or Result variables. A method call on a guard (g.Value()) says
// nothing about whether it is held and does not count.
func (c *checker) mentioned(cond ast.Expr) []*types.Var {
	var vs []*types.Var
	ast.Inspect(cond, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && c.held[v] != nil {
						for _, a := range call.Args {
							vs = append(vs, c.mentioned(a)...)
						}
						return false
					}
				}
			}
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			return true
		}
		if c.held[v] != nil {
			vs = append(vs, v)
		}
		vs = append(vs, c.pairs[v]...)
		return true
	})
	return vs
}

// empty returns the guards that hold nothing when cond evaluates to
// outcome: ok false, err or r.Err not nil, g nil. It returns false if
// cond mentions a guard or its ok/err in a way it cannot read.
func (c *checker) empty(cond ast.Expr, outcome bool) ([]*types.Var, bool) {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.empty(e.X, !outcome)
		}
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok && !outcome {
			return c.pairs[v], true // ok is false
		}
		return nil, true
	case *ast.BinaryExpr:
		switch {
		case e.Op == token.LAND && outcome, e.Op == token.LOR && !outcome:
			// Both operands have the outcome.
			x, okx := c.empty(e.X, outcome)
			y, oky := c.empty(e.Y, outcome)
			return append(x, y...), okx && oky
		case e.Op == token.EQL || e.Op == token.NEQ:
			return c.nilTest(e, outcome)
		}
	}
	return nil, len(c.mentioned(cond)) == 0
}

// nilTest reads g == nil, err != nil and r.Err != nil.
func (c *checker) nilTest(e *ast.BinaryExpr, outcome bool) ([]*types.Var, bool) {
	x := e.X
	if isNil(x) {
		x = e.Y
	} else if !isNil(e.Y) {
		return nil, len(c.mentioned(e)) == 0
	}
	isNilOutcome := outcome == (e.Op == token.EQL) // x == nil holds
	x = ast.Unparen(x)
	if sel, ok := x.(*ast.SelectorExpr); ok && sel.Sel.Name == "Err" {
		x = ast.Unparen(sel.X) // r.Err
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil, len(c.mentioned(e)) == 0
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return nil, true
	}
	switch {
	case c.held[v] != nil && isNilOutcome:
		return []*types.Var{v}, true // g == nil
	case c.held[v] == nil && !isNilOutcome:
		return c.pairs[v], true // err != nil, r.Err != nil
	}
	return nil, true
}
