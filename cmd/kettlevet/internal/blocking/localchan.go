package blocking

import (
	"go/ast"
	"go/types"
)

// localChans returns the buffered channels that only body can reach:
// local variables initialized with make(chan T, n), n not a constant 0,
// and used only as operands of sends, receives, range, close, len and cap,
// in body itself (not in a closure, not passed anywhere). No other
// goroutine can send or receive on such a channel, so an operation on it
// never waits for anyone: it goes through at once or never (a
// self-deadlock, which is not this check's business). A kettlegen corpus
// ranging over a closed buffered channel in an async function is the
// typical case. An unbuffered local channel is still reported: every
// operation on it blocks.
func localChans(info *types.Info, body *ast.BlockStmt) map[*types.Var]bool {
	made := map[*types.Var]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && isMakeChan(info, n.Rhs[i]) {
						if v, ok := info.Defs[id].(*types.Var); ok {
							made[v] = true
						}
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					if v, ok := info.Defs[id].(*types.Var); ok && isMakeChan(info, n.Values[i]) {
						made[v] = true
					}
				}
			}
		}
		return true
	})
	if len(made) == 0 {
		return nil
	}
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
		if !ok || !made[v] {
			return true
		}
		if !chanOperand(info, stack) {
			delete(made, v)
		}
		return true
	})
	return made
}

// chanOperand reports whether the identifier on top of stack is used only
// as a channel operand, directly in the function (no closure around it).
func chanOperand(info *types.Info, stack []ast.Node) bool {
	for _, n := range stack[:len(stack)-1] {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
	}
	id := stack[len(stack)-1]
	if len(stack) < 2 {
		return false
	}
	switch p := stack[len(stack)-2].(type) {
	case *ast.SendStmt:
		return p.Chan == id
	case *ast.UnaryExpr:
		return p.X == id
	case *ast.RangeStmt:
		return p.X == id
	case *ast.CallExpr:
		if fn, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[fn].(*types.Builtin); ok {
				switch b.Name() {
				case "close", "len", "cap":
					return true
				}
			}
		}
	}
	return false
}

func isMakeChan(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	if b, ok := info.Uses[fn].(*types.Builtin); !ok || b.Name() != "make" || len(call.Args) < 2 {
		return false
	}
	if tv, ok := info.Types[call.Args[1]]; ok && tv.Value != nil && tv.Value.String() == "0" {
		return false
	}
	return isChan(info.TypeOf(call))
}
