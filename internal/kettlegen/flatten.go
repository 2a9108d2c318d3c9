package kettlegen

import (
	"go/ast"
	"go/token"
	"go/types"
)

// flattener hoists suspension points out of expressions. Its output is a
// prelude of statements, each either a canonical suspension (`t := S`,
// with S's arguments free of suspension points) or a statement free of
// them (possibly an if holding more of the prelude, for && and ||), and
// the residual expression, free of suspension points.
//
// Order: Go evaluates calls, method calls, receives and logical operators
// in lexical left-to-right order, and gc reads plain operands after the
// calls of the expression. So every operand that precedes the last
// suspension point of an operand list and contains a call or a receive is
// hoisted into a temporary, and plain reads are left in place.
type flattener struct {
	f   *asyncFunc
	pre []ast.Stmt
}

func (f *asyncFunc) typeOf(e ast.Expr) types.Type {
	if tv, ok := f.p.info.Types[e]; ok && tv.Type != nil {
		return tv.Type
	}
	if id, ok := e.(*ast.Ident); ok {
		if o := f.p.info.Uses[id]; o != nil {
			return o.Type()
		}
	}
	return nil
}

// hasCall reports whether e contains a call or a receive (outside
// function literals).
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		}
		return !found
	})
	return found
}

// hoist declares a temporary holding e (already flattened).
func (fl *flattener) hoist(e ast.Expr, field bool) ast.Expr {
	t := fl.f.typeOf(e)
	if t == nil {
		return e
	}
	if tup, ok := t.(*types.Tuple); ok && tup.Len() == 1 {
		t = tup.At(0).Type()
	}
	l := fl.f.newTemp(t, field)
	fl.pre = append(fl.pre, &ast.AssignStmt{Lhs: []ast.Expr{fl.f.def(l)}, Tok: token.DEFINE, Rhs: []ast.Expr{e}})
	return fl.f.ref(l)
}

// list flattens the operands at slots, in order.
func (fl *flattener) list(slots []*ast.Expr) {
	last := -1
	for i, s := range slots {
		if *s != nil && fl.f.has(*s) {
			last = i
		}
	}
	for i := 0; i < last; i++ {
		s := slots[i]
		if *s == nil {
			continue
		}
		*s = fl.expr(*s)
		if hasCall(*s) {
			*s = fl.hoist(*s, true)
		}
	}
	if last >= 0 {
		*slots[last] = fl.expr(*slots[last])
	}
}

// expr flattens e and returns its residual.
func (fl *flattener) expr(e ast.Expr) ast.Expr {
	f := fl.f
	if e == nil || !f.has(e) {
		return e
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		x.X = fl.expr(x.X)
		return x
	case *ast.CallExpr:
		if sc := f.suspends[x]; sc != nil {
			fl.args(x)
			// Field: the value may be used after later suspension points
			// of the same statement; the lowering keeps it a field only
			// when that can happen.
			return fl.hoist(x, true)
		}
		fl.call(x)
		return x
	case *ast.BinaryExpr:
		if (x.Op == token.LAND || x.Op == token.LOR) && f.has(x.Y) {
			return fl.logical(x)
		}
		fl.list([]*ast.Expr{&x.X, &x.Y})
		return x
	case *ast.UnaryExpr:
		x.X = fl.expr(x.X)
		return x
	case *ast.StarExpr:
		x.X = fl.expr(x.X)
		return x
	case *ast.SelectorExpr:
		x.X = fl.expr(x.X)
		return x
	case *ast.IndexExpr:
		fl.list([]*ast.Expr{&x.X, &x.Index})
		return x
	case *ast.SliceExpr:
		fl.list([]*ast.Expr{&x.X, &x.Low, &x.High, &x.Max})
		return x
	case *ast.TypeAssertExpr:
		x.X = fl.expr(x.X)
		return x
	case *ast.CompositeLit:
		var slots []*ast.Expr
		for i := range x.Elts {
			if kv, ok := x.Elts[i].(*ast.KeyValueExpr); ok {
				if _, isStruct := f.typeOf(x).Underlying().(*types.Struct); !isStruct {
					slots = append(slots, &kv.Key)
				}
				slots = append(slots, &kv.Value)
			} else {
				slots = append(slots, &x.Elts[i])
			}
		}
		fl.list(slots)
		return x
	case *ast.KeyValueExpr:
		fl.list([]*ast.Expr{&x.Key, &x.Value})
		return x
	}
	f.errorf(e.Pos(), "cannot lower Await inside this expression (%T)", e)
	return e
}

// args flattens the arguments of a suspension call (co excluded).
func (fl *flattener) args(x *ast.CallExpr) {
	var slots []*ast.Expr
	if sel, ok := x.Fun.(*ast.SelectorExpr); ok && fl.f.p.info.Selections[sel] != nil {
		slots = append(slots, &sel.X)
	}
	for i := 1; i < len(x.Args); i++ {
		slots = append(slots, &x.Args[i])
	}
	fl.list(slots)
}

// call flattens an ordinary call whose function or arguments suspend.
func (fl *flattener) call(x *ast.CallExpr) {
	var slots []*ast.Expr
	fun := ast.Unparen(x.Fun)
	if sel, ok := fun.(*ast.SelectorExpr); ok && fl.f.p.info.Selections[sel] != nil {
		slots = append(slots, &sel.X)
	} else if tv, ok := fl.f.p.info.Types[x.Fun]; ok && !tv.IsType() && !tv.IsBuiltin() {
		if _, isIdent := fun.(*ast.Ident); !isIdent {
			slots = append(slots, &x.Fun)
		}
	}
	for i := range x.Args {
		slots = append(slots, &x.Args[i])
	}
	fl.list(slots)
}

// logical lowers a && b / a || b whose right side suspends into
// t := a; if t (or !t) { t = b }.
func (fl *flattener) logical(x *ast.BinaryExpr) ast.Expr {
	f := fl.f
	left := fl.expr(x.X)
	t := f.typeOf(x)
	if t == nil {
		t = types.Typ[types.Bool]
	}
	l := f.newTemp(t, true)
	fl.pre = append(fl.pre, &ast.AssignStmt{Lhs: []ast.Expr{f.def(l)}, Tok: token.DEFINE, Rhs: []ast.Expr{left}})
	inner := &flattener{f: f}
	right := inner.expr(x.Y)
	body := append(inner.pre, &ast.AssignStmt{Lhs: []ast.Expr{f.ref(l)}, Tok: token.ASSIGN, Rhs: []ast.Expr{right}})
	var cond ast.Expr = f.ref(l)
	if x.Op == token.LOR {
		cond = &ast.UnaryExpr{Op: token.NOT, X: cond}
	}
	ifs := &ast.IfStmt{If: x.Pos(), Cond: cond, Body: &ast.BlockStmt{List: body}}
	f.hasMemo[ifs] = true
	f.hasMemo[ifs.Body] = true
	fl.pre = append(fl.pre, ifs)
	return f.ref(l)
}

// stmt flattens a simple statement that contains suspension points and
// returns the prelude and the statement left (canonical or free of them).
func (f *asyncFunc) flattenStmt(s ast.Stmt) ([]ast.Stmt, ast.Stmt) {
	fl := &flattener{f: f}
	switch x := s.(type) {
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(x.X).(*ast.CallExpr); ok && f.suspends[call] != nil {
			fl.args(call)
			return fl.pre, &ast.ExprStmt{X: call}
		}
		x.X = fl.expr(x.X)
		return fl.pre, x
	case *ast.AssignStmt:
		if len(x.Rhs) == 1 && (x.Tok == token.DEFINE || x.Tok == token.ASSIGN) {
			if call, ok := ast.Unparen(x.Rhs[0]).(*ast.CallExpr); ok && f.suspends[call] != nil && allIdents(x.Lhs) {
				fl.args(call)
				x.Rhs[0] = call
				return fl.pre, x
			}
		}
		var slots []*ast.Expr
		for i := range x.Lhs {
			slots = append(slots, lhsOperands(&x.Lhs[i])...)
		}
		if len(x.Rhs) == 1 && len(x.Lhs) > 1 {
			// a, b = S (multi-value): hoist into a tuple of temporaries.
			if call, ok := ast.Unparen(x.Rhs[0]).(*ast.CallExpr); ok && f.suspends[call] != nil {
				fl.list(slots)
				fl.args(call)
				tup, _ := f.typeOf(call).(*types.Tuple)
				if tup == nil {
					f.errorf(call.Pos(), "cannot lower this assignment")
					return fl.pre, x
				}
				var lhs, rhs []ast.Expr
				for i := 0; i < tup.Len(); i++ {
					l := f.newTemp(tup.At(i).Type(), true)
					lhs = append(lhs, f.def(l))
					rhs = append(rhs, f.ref(l))
				}
				fl.pre = append(fl.pre, &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []ast.Expr{call}})
				x.Rhs = rhs
				return fl.pre, x
			}
		}
		for i := range x.Rhs {
			slots = append(slots, &x.Rhs[i])
		}
		fl.list(slots)
		return fl.pre, x
	case *ast.ReturnStmt:
		if len(x.Results) == 1 {
			if call, ok := ast.Unparen(x.Results[0]).(*ast.CallExpr); ok && f.suspends[call] != nil {
				if tup, ok := f.typeOf(call).(*types.Tuple); ok && tup.Len() > 1 {
					fl.args(call)
					var lhs, res []ast.Expr
					for i := 0; i < tup.Len(); i++ {
						l := f.newTemp(tup.At(i).Type(), false)
						lhs = append(lhs, f.def(l))
						res = append(res, f.ref(l))
					}
					fl.pre = append(fl.pre, &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []ast.Expr{call}})
					x.Results = res
					return fl.pre, x
				}
			}
		}
		var slots []*ast.Expr
		for i := range x.Results {
			slots = append(slots, &x.Results[i])
		}
		fl.list(slots)
		return fl.pre, x
	case *ast.IncDecStmt:
		slots := lhsOperands(&x.X)
		fl.list(slots)
		return fl.pre, x
	case *ast.SendStmt:
		fl.list([]*ast.Expr{&x.Chan, &x.Value})
		return fl.pre, x
	case *ast.DeclStmt:
		gd := x.Decl.(*ast.GenDecl)
		var slots []*ast.Expr
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			for i := range vs.Values {
				slots = append(slots, &vs.Values[i])
			}
		}
		if len(gd.Specs) == 1 {
			vs := gd.Specs[0].(*ast.ValueSpec)
			if len(vs.Values) == 1 {
				if call, ok := ast.Unparen(vs.Values[0]).(*ast.CallExpr); ok && f.suspends[call] != nil {
					fl.args(call)
					return fl.pre, x
				}
			}
		}
		fl.list(slots)
		return fl.pre, x
	case *ast.DeferStmt, *ast.GoStmt:
		var call *ast.CallExpr
		if d, ok := x.(*ast.DeferStmt); ok {
			call = d.Call
		} else {
			call = x.(*ast.GoStmt).Call
		}
		var slots []*ast.Expr
		fun := ast.Unparen(call.Fun)
		if sel, ok := fun.(*ast.SelectorExpr); ok && f.p.info.Selections[sel] != nil {
			slots = append(slots, &sel.X)
		}
		for i := range call.Args {
			slots = append(slots, &call.Args[i])
		}
		fl.list(slots)
		// Whatever stays in the arguments is evaluated by the statement.
		return fl.pre, x
	}
	f.errorf(s.Pos(), "cannot lower Await in this statement (%T)", s)
	return nil, s
}

// flattenExpr flattens an expression in a condition position.
func (f *asyncFunc) flattenExpr(e ast.Expr) ([]ast.Stmt, ast.Expr) {
	fl := &flattener{f: f}
	r := fl.expr(e)
	return fl.pre, r
}

func allIdents(es []ast.Expr) bool {
	for _, e := range es {
		if _, ok := e.(*ast.Ident); !ok {
			return false
		}
	}
	return true
}

// lhsOperands returns the operands of an assignment's left side that are
// evaluated before the right side: index and pointer operands.
func lhsOperands(e *ast.Expr) []*ast.Expr {
	switch x := ast.Unparen(*e).(type) {
	case *ast.IndexExpr:
		return []*ast.Expr{&x.X, &x.Index}
	case *ast.StarExpr:
		return []*ast.Expr{&x.X}
	case *ast.SelectorExpr:
		return []*ast.Expr{&x.X}
	}
	return nil
}
