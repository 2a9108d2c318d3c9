package kettlegen

import (
	"go/ast"
	"go/token"
)

// isTerminating reports whether s is a terminating statement in the sense
// of the Go specification (simplified: a panic is any call of panic), so
// that nothing is emitted after it that vet would call unreachable.
func isTerminating(s ast.Stmt) bool {
	switch x := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return x.Tok == token.GOTO || x.Tok == token.FALLTHROUGH
	case *ast.ExprStmt:
		if call, ok := x.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	case *ast.BlockStmt:
		return len(x.List) > 0 && isTerminating(x.List[len(x.List)-1])
	case *ast.IfStmt:
		return x.Else != nil && isTerminating(x.Body) && isTerminating(x.Else)
	case *ast.LabeledStmt:
		return isTerminating(x.Stmt)
	case *ast.ForStmt:
		return x.Cond == nil && !hasBreak(x.Body, x, nil)
	case *ast.SwitchStmt:
		return clausesTerminate(x.Body, x)
	case *ast.TypeSwitchStmt:
		return clausesTerminate(x.Body, x)
	}
	return false
}

func clausesTerminate(body *ast.BlockStmt, owner ast.Stmt) bool {
	hasDefault := false
	for _, c := range body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			hasDefault = true
		}
		n := len(cc.Body)
		if n == 0 || hasBreak(&ast.BlockStmt{List: cc.Body}, owner, nil) {
			return false
		}
		if !isTerminating(cc.Body[n-1]) {
			return false
		}
	}
	return hasDefault
}

// hasBreak reports whether body holds a break that leaves owner (an
// unlabeled one not inside a nested breakable statement, or a labeled one
// naming it).
func hasBreak(body ast.Node, owner ast.Stmt, _ any) bool {
	found := false
	var walk func(n ast.Node, nested bool) bool
	walk = func(n ast.Node, nested bool) bool {
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil {
				return false
			}
			switch y := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if m != n {
					walk(y.(ast.Stmt), true)
					return false
				}
			case *ast.BranchStmt:
				if y.Tok == token.BREAK && (y.Label != nil || !nested) {
					found = true
				}
			}
			return true
		})
		return found
	}
	return walk(body, false)
}
