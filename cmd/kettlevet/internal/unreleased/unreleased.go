package unreleased

import (
	_ "embed"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/model"
)

//go:embed doc.go
var doc string

// Analyzer reports guards and permits not released on every path.
var Analyzer = &analysis.Analyzer{
	Name:     "unreleased",
	Doc:      model.DocText(doc),
	URL:      "https://pkg.go.dev/github.com/kettle-rt/kettle/cmd/kettlevet/internal/unreleased",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := model.NewReporter(pass)
	model.Funcs(pass, ins, false, func(f model.Func) {
		c := &checker{pass: pass, r: r, fn: f, held: map[*types.Var]*held{}, pairs: map[*types.Var][]*types.Var{}}
		c.check()
	})
	return nil, nil
}

// held is a tracked guard or permit variable.
type held struct {
	res     model.Resource
	escapes bool
}

type checker struct {
	pass *analysis.Pass
	r    *model.Reporter
	fn   model.Func
	held map[*types.Var]*held
	// pairs maps an ok, err or Result variable to the guards whose
	// acquisition it vouches for.
	pairs map[*types.Var][]*types.Var
}

// local returns the variable an identifier defines or uses if it is
// declared in this function (not in a nested literal, not outside).
func (c *checker) local(id *ast.Ident) *types.Var {
	obj := c.pass.TypesInfo.ObjectOf(id)
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || id.Name == "_" {
		return nil
	}
	if v.Pos() < c.fn.Node.Pos() || v.Pos() >= c.fn.Node.End() {
		return nil
	}
	return v
}

func (c *checker) check() {
	c.findAcquisitions()
	if len(c.held) == 0 {
		return
	}
	c.findEscapes()
	live := false
	for _, h := range c.held {
		live = live || !h.escapes
	}
	if !live {
		return
	}
	c.flow()
}

// acquisitions calls fn for every guard variable that n (an assignment or
// a var spec) obtains, with the variable that vouches for it (ok, err,
// result) or nil.
func (c *checker) acquisitions(n ast.Node, fn func(v *types.Var, res model.Resource, pair *types.Var)) {
	var lhs, rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs, rhs = n.Lhs, n.Rhs
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		rhs = n.Values
	default:
		return
	}
	guard := func(e ast.Expr) (*types.Var, model.Resource, bool) {
		id, ok := e.(*ast.Ident)
		if !ok {
			return nil, model.Resource{}, false
		}
		v := c.local(id)
		if v == nil {
			return nil, model.Resource{}, false
		}
		res, ok := model.ResourceOf(v.Type())
		return v, res, ok
	}
	if len(lhs) == len(rhs) {
		for i, l := range lhs {
			v, res, ok := guard(l)
			if !ok {
				continue
			}
			if pair, ok := c.obtains(rhs[i]); ok {
				fn(v, res, pair)
			}
		}
		return
	}
	if len(rhs) != 1 || len(lhs) != 2 {
		return
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	if !ok || !c.obtainsPair(call) {
		return
	}
	v, res, ok := guard(lhs[0])
	if !ok {
		return
	}
	var pair *types.Var
	if id, ok := lhs[1].(*ast.Ident); ok {
		pair = c.local(id)
	}
	fn(v, res, pair)
}

// obtains reports whether e hands over a guard or permit, and the Result
// variable that vouches for it when e is r.Value.
func (c *checker) obtains(e ast.Expr) (*types.Var, bool) {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return nil, model.IsAwait(info, e)
	case *ast.SelectorExpr:
		if e.Sel.Name != "Value" || !model.IsNamed(info.TypeOf(e.X), model.FuturePath, "Result") {
			return nil, false
		}
		if id, ok := ast.Unparen(e.X).(*ast.Ident); ok {
			return c.local(id), true
		}
		return nil, true
	}
	return nil, false
}

// obtainsPair reports whether a call returns a guard and its ok or err:
// a Try method of a Kettle type, or Get on a future.Result or Poll.
func (c *checker) obtainsPair(call *ast.CallExpr) bool {
	fn := model.Callee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	recv := model.Recv(fn)
	if recv == nil {
		return false
	}
	if fn.Name() == "Get" {
		return model.IsNamed(recv, model.FuturePath, "Result") || model.IsNamed(recv, model.FuturePath, "Poll")
	}
	return strings.HasPrefix(fn.Name(), "Try") && strings.HasPrefix(fn.Pkg().Path(), model.Root+"/")
}

func (c *checker) findAcquisitions() {
	ast.Inspect(c.fn.Body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt, *ast.ValueSpec:
			c.acquisitions(n, func(v *types.Var, res model.Resource, pair *types.Var) {
				if c.held[v] == nil {
					c.held[v] = &held{res: res}
				}
				if pair != nil {
					c.pairs[pair] = append(c.pairs[pair], v)
				}
			})
		}
		return true
	})
}
