package unreleased

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// findEscapes marks the guards that leave the function's hands: every use
// other than a method call on it, a comparison with nil, or being
// assigned to (re-acquired) is an escape. Any use inside a nested function
// literal is an escape, except a release inside a deferred literal.
func (c *checker) findEscapes() {
	info := c.pass.TypesInfo
	var stack []ast.Node
	ast.Inspect(c.fn.Body, func(n ast.Node) bool {
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
		h := c.held[v]
		if h == nil || h.escapes {
			return true
		}
		if c.escapes(stack, h) {
			h.escapes = true
		}
		return true
	})
}

func (c *checker) escapes(stack []ast.Node, h *held) bool {
	id := stack[len(stack)-1]
	// Inside a nested literal: only a deferred release is not an escape.
	for i := len(stack) - 2; i >= 0; i-- {
		if lit, ok := stack[i].(*ast.FuncLit); ok {
			return !c.deferredRelease(stack, i, lit, h)
		}
	}
	parent := stack[len(stack)-2]
	switch p := parent.(type) {
	case *ast.SelectorExpr:
		if p.X != id || len(stack) < 3 {
			return true
		}
		// A method call on the guard (Value, Unlock, N ...), or a field.
		if call, ok := stack[len(stack)-3].(*ast.CallExpr); ok && call.Fun == p {
			return false
		}
		return true
	case *ast.BinaryExpr:
		return !(p.Op == token.EQL || p.Op == token.NEQ) || !(isNil(p.X) || isNil(p.Y))
	case *ast.AssignStmt:
		return !slices.Contains(p.Lhs, ast.Expr(id.(*ast.Ident)))
	case *ast.ValueSpec:
		return false // its own declaration
	}
	return true
}

// deferredRelease reports whether the use at the top of stack is a release
// call on the guard directly in a function literal (stack[i]) that a defer
// statement calls.
func (c *checker) deferredRelease(stack []ast.Node, i int, lit *ast.FuncLit, h *held) bool {
	if i < 2 {
		return false
	}
	call, ok := stack[i-1].(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) != lit {
		return false
	}
	if _, ok := stack[i-2].(*ast.DeferStmt); !ok {
		return false
	}
	n := len(stack)
	if n < 3 {
		return false
	}
	sel, ok := stack[n-2].(*ast.SelectorExpr)
	if !ok {
		return false
	}
	rc, ok := stack[n-3].(*ast.CallExpr)
	return ok && rc.Fun == sel && slices.Contains(h.res.Release, sel.Sel.Name)
}

func isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}
