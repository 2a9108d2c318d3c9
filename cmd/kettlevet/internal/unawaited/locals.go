package unawaited

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/model"
)

// local is a future variable declared in a body and initialized with a new
// future.
type local struct {
	decl     *ast.Ident // where the variable is declared
	init     ast.Expr   // the expression that created the future
	consumed bool       // some use may poll, spawn, drop or hand it on
}

// checkLocals reports local futures that nothing consumes: every use only
// overwrites the variable or calls a method other than Poll and Drop on
// it. Uses inside nested function literals count (a closure that captures
// the future consumes it).
func checkLocals(pass *analysis.Pass, r *model.Reporter, body *ast.BlockStmt) {
	info := pass.TypesInfo
	locals := map[*types.Var]*local{}
	var order []*types.Var
	declare := func(id *ast.Ident, init ast.Expr) {
		v, ok := info.Defs[id].(*types.Var)
		if !ok || id.Name == "_" || !created(info, init) || !dropped(v.Type()) {
			return
		}
		locals[v] = &local{decl: id, init: init}
		order = append(order, v)
	}
	// Declarations directly in this body (not in nested literals, which
	// are bodies of their own).
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						declare(id, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					declare(id, n.Values[i])
				}
			}
		}
		return true
	})
	if len(locals) == 0 {
		return
	}
	// Uses anywhere in the body, closures included.
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return true
		}
		l, ok := locals[v]
		if !ok || l.consumed {
			return true
		}
		if consumes(stack) {
			l.consumed = true
		}
		return true
	})
	for _, v := range order {
		if l := locals[v]; !l.consumed {
			r.Report(l.init, nil, message)
		}
	}
}

// consumes reports whether the use of a local future at the top of stack
// may poll, spawn, drop or hand it on. The only uses that do not are: the
// left side of a plain assignment (overwritten), "_ = x", and the receiver
// of a method call other than Poll or Drop.
func consumes(stack []ast.Node) bool {
	id := stack[len(stack)-1]
	if len(stack) < 2 {
		return true
	}
	switch p := stack[len(stack)-2].(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == id {
				return false // overwritten
			}
		}
		if len(p.Lhs) == 1 && len(p.Rhs) == 1 && isBlank(p.Lhs[0]) {
			return false // _ = x
		}
	case *ast.SelectorExpr:
		if p.X != id || len(stack) < 3 {
			return true
		}
		call, ok := stack[len(stack)-3].(*ast.CallExpr)
		if !ok || call.Fun != p {
			return true // a method value or a field
		}
		switch p.Sel.Name {
		case "Poll", "Drop":
			return true
		}
		return false
	}
	return true
}
