package kettlegen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// reserved names that user variables never take in generated code.
var reserved = map[string]bool{
	"new": true, "len": true, "append": true, "make": true, "panic": true, "nil": true,
	"true": true, "false": true, "iter": true, "utf8": true, "future": true,
	"Poll": true, "Drop": true, "resume": true, "string": true, "int": true,
}

// names decides the machine's type and constructor names.
func (f *asyncFunc) names() {
	name := f.decl.Name.Name
	f.ctor = name + "Async"
	if f.recv != nil {
		f.typeName = "async_" + recvTypeName(f.recv.Type()) + "_" + name
	} else {
		f.typeName = "async_" + name
	}
}

func recvTypeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := t.(type) {
	case *types.Named:
		return t.Obj().Name()
	case *types.Alias:
		return t.Obj().Name()
	}
	return "T"
}

// collectVars finds every variable of f, decides field or local, cell or
// not, and gives each a unique name.
func (f *asyncFunc) collectVars() {
	info := f.p.info
	f.vars = map[types.Object]*local{}
	add := func(obj types.Object, field, param bool) *local {
		if obj == nil || obj.Name() == "_" || obj.Name() == "" {
			return nil
		}
		if l := f.vars[obj]; l != nil {
			return l
		}
		l := &local{obj: obj, typ: obj.Type(), field: field, param: param}
		f.vars[obj] = l
		f.order = append(f.order, l)
		return l
	}
	if f.recv != nil {
		add(f.recv, true, true)
	}
	for i := 1; i < f.sig.Params().Len(); i++ {
		add(f.sig.Params().At(i), true, true)
	}
	for i := 0; i < f.sig.Results().Len(); i++ {
		add(f.sig.Results().At(i), true, false)
	}
	// Declaration ends: a variable is assigned when its declaring statement
	// completes, so only suspension points after that matter.
	declEnd := map[types.Object]token.Pos{}
	var inLit int
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			inLit++
			ast.Inspect(n.Body, walk)
			inLit--
			return false
		case *ast.AssignStmt:
			if inLit == 0 && n.Tok == token.DEFINE {
				for _, e := range n.Lhs {
					if id, ok := e.(*ast.Ident); ok && info.Defs[id] != nil {
						declEnd[info.Defs[id]] = n.End()
					}
				}
			}
		case *ast.ValueSpec:
			if inLit == 0 {
				for _, id := range n.Names {
					if o := info.Defs[id]; o != nil {
						declEnd[o] = n.End()
					}
				}
			}
		case *ast.RangeStmt:
			if inLit == 0 && n.Tok == token.DEFINE {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok && info.Defs[id] != nil {
						declEnd[info.Defs[id]] = n.X.End()
					}
				}
			}
		case *ast.CaseClause:
			if inLit == 0 {
				if o := info.Implicits[n]; o != nil {
					declEnd[o] = n.Colon
					f.declareLocal(add, o, n.Colon)
				}
			}
		case *ast.Ident:
			if inLit == 0 {
				if v, ok := info.Defs[n].(*types.Var); ok && !v.IsField() && v != f.co {
					end, ok := declEnd[v]
					if !ok {
						end = n.End()
					}
					f.declareLocal(add, v, end)
				}
			}
		}
		return true
	}
	ast.Inspect(f.decl.Body, walk)

	for _, l := range f.order {
		if !l.field && f.forced[f.varKey(l)] {
			l.field = true
		}
	}
	// Cells: fields whose address escapes or that a closure captures.
	escapes := map[types.Object]bool{}
	addrTaken := map[types.Object]bool{}
	var lit int
	var walk2 func(n ast.Node) bool
	walk2 = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			lit++
			ast.Inspect(n.Body, walk2)
			lit--
			return false
		case *ast.Ident:
			if lit > 0 {
				if o := info.Uses[n]; o != nil && f.vars[o] != nil {
					escapes[o] = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if o := f.rootVar(n.X); o != nil {
					escapes[o] = true
					addrTaken[o] = true
				}
			}
		case *ast.SliceExpr:
			if t, ok := info.Types[n.X]; ok {
				if _, isArr := t.Type.Underlying().(*types.Array); isArr {
					if o := f.rootVar(n.X); o != nil {
						escapes[o] = true
						addrTaken[o] = true
					}
				}
			}
		case *ast.SelectorExpr:
			if s := info.Selections[n]; s != nil && (s.Kind() == types.MethodVal || s.Kind() == types.FieldVal) {
				if s.Kind() == types.MethodVal {
					if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
						if _, ptrRecv := sig.Recv().Type().(*types.Pointer); ptrRecv {
							if _, isPtr := s.Recv().Underlying().(*types.Pointer); !isPtr {
								if o := f.rootVar(n.X); o != nil {
									escapes[o] = true
									addrTaken[o] = true
								}
							}
						}
					}
				}
			}
		}
		return true
	}
	ast.Inspect(f.decl.Body, walk2)
	mutated := f.mutatedVars()
	for o := range escapes {
		if l := f.vars[o]; l != nil {
			if !mutated[o] && !addrTaken[o] {
				l.byval = true // closures may capture a copy
				continue
			}
			if l.field {
				l.cell = true
			}
		}
	}
	f.assignNames()
	f.typeNames = map[types.Object]string{}
	for _, gd := range f.localTypes {
		for _, sp := range gd.Specs {
			ts := sp.(*ast.TypeSpec)
			if o := info.Defs[ts.Name]; o != nil {
				f.typeNames[o] = f.typeName + "_" + ts.Name.Name
			}
		}
	}
}

// declareLocal adds a local declared at end: it is a field if its value
// can be needed after a suspension point, that is if a suspension point S
// follows it inside its scope and either the variable is used after S, or
// a loop that begins after the declaration contains both S and a use (the
// loop carries the value around).
func (f *asyncFunc) declareLocal(add func(types.Object, bool, bool) *local, o types.Object, end token.Pos) {
	scope := o.Parent()
	field := false
	if scope != nil {
		uses := f.usesOf(o)
		for c := range f.suspends {
			if c.Pos() < end || c.End() > scope.End() {
				continue
			}
			for _, u := range uses {
				if u > c.End() {
					field = true
				}
			}
			for _, loop := range f.loopsAround(c) {
				if loop.Pos() < end {
					continue
				}
				for _, u := range uses {
					if u >= loop.Pos() && u < loop.End() {
						field = true
					}
				}
			}
			if field {
				break
			}
		}
	}
	add(o, field, false)
}

// usesOf returns the positions where o is used.
func (f *asyncFunc) usesOf(o types.Object) []token.Pos {
	if f.useIndex == nil {
		f.useIndex = map[types.Object][]token.Pos{}
		for id, obj := range f.p.info.Uses {
			if id.Pos() >= f.decl.Pos() && id.End() <= f.decl.End() {
				f.useIndex[obj] = append(f.useIndex[obj], id.Pos())
			}
		}
	}
	return f.useIndex[o]
}

// loopsAround returns the for and range statements that contain n.
func (f *asyncFunc) loopsAround(n ast.Node) []ast.Node {
	var out []ast.Node
	ast.Inspect(f.decl.Body, func(m ast.Node) bool {
		if m == nil || m.Pos() > n.Pos() || m.End() < n.End() {
			return false
		}
		switch m.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			out = append(out, m)
		case *ast.FuncLit:
			return false
		}
		return true
	})
	return out
}

// rootVar returns the variable whose storage an addressable expression
// designates (x, x.f, x[i] with x an array), or nil.
func (f *asyncFunc) rootVar(e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if o := f.p.info.Uses[x]; o != nil && f.vars[o] != nil {
				return o
			}
			return nil
		case *ast.SelectorExpr:
			if s := f.p.info.Selections[x]; s != nil && s.Kind() == types.FieldVal && !s.Indirect() {
				if _, isPtr := s.Recv().Underlying().(*types.Pointer); !isPtr {
					e = x.X
					continue
				}
			}
			return nil
		case *ast.IndexExpr:
			if t, ok := f.p.info.Types[x.X]; ok {
				if _, isArr := t.Type.Underlying().(*types.Array); isArr {
					e = x.X
					continue
				}
			}
			return nil
		default:
			return nil
		}
	}
}

// assignNames gives every variable a name unique in the function and
// distinct from every other identifier it uses.
func (f *asyncFunc) assignNames() {
	f.taken = map[string]bool{}
	for n := range reserved {
		f.taken[n] = true
	}
	ast.Inspect(f.decl, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			o := f.p.info.Uses[id]
			if o == nil {
				o = f.p.info.Defs[id]
			}
			if o == nil || f.vars[o] == nil {
				f.taken[id.Name] = true
			}
		}
		return true
	})
	for _, l := range f.order {
		base := l.obj.Name()
		if strings.HasPrefix(base, "_") {
			base = "v" + base
		}
		name := base
		for i := 1; f.taken[name]; i++ {
			name = base + "_" + strconv.Itoa(i)
		}
		f.taken[name] = true
		l.name = name
	}
}

// newName returns a fresh internal name starting with base (which starts
// with an underscore, so it never meets a user variable).
func (f *asyncFunc) newName(base string) string {
	for i := 1; ; i++ {
		n := base + strconv.Itoa(i)
		if !f.taken[n] {
			f.taken[n] = true
			return n
		}
	}
}

// newTemp declares a temporary of type t, returning an identifier that
// refers to it (call ref for more references).
func (f *asyncFunc) newTemp(t types.Type, field bool) *local {
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	v := types.NewVar(token.NoPos, f.p.types, "_t", t)
	l := &local{obj: v, typ: t, field: field, name: f.newName("_t")}
	f.vars[v] = l
	f.order = append(f.order, l)
	return l
}

// ref returns a new identifier referring to the temporary l.
func (f *asyncFunc) ref(l *local) *ast.Ident {
	id := &ast.Ident{Name: l.name}
	f.p.info.Uses[id] = l.obj
	return id
}

// resolveTargets maps every break and continue (outside function literals)
// to the statement it leaves.
func (f *asyncFunc) resolveTargets() {
	f.targets = map[*ast.BranchStmt]ast.Stmt{}
	labels := map[string]ast.Stmt{}
	var stack []ast.Stmt
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			labels[n.Label.Name] = n.Stmt
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			stack = append(stack, n.(ast.Stmt))
			ast.Inspect(n, func(m ast.Node) bool {
				if m == n {
					return true
				}
				return visit(m)
			})
			stack = stack[:len(stack)-1]
			return false
		case *ast.BranchStmt:
			if n.Tok != token.BREAK && n.Tok != token.CONTINUE {
				return true
			}
			if n.Label != nil {
				f.targets[n] = labels[n.Label.Name]
				return true
			}
			for i := len(stack) - 1; i >= 0; i-- {
				s := stack[i]
				if n.Tok == token.CONTINUE {
					if _, ok := s.(*ast.ForStmt); !ok {
						if _, ok := s.(*ast.RangeStmt); !ok {
							continue
						}
					}
				}
				f.targets[n] = s
				break
			}
		}
		return true
	}
	ast.Inspect(f.decl.Body, visit)
}

// def returns a new identifier declaring the temporary l.
func (f *asyncFunc) def(l *local) *ast.Ident {
	id := &ast.Ident{Name: l.name}
	f.p.info.Defs[id] = l.obj
	return id
}

// mutatedVars returns the variables assigned anywhere after their
// declaration (including inside function literals).
func (f *asyncFunc) mutatedVars() map[types.Object]bool {
	info := f.p.info
	m := map[types.Object]bool{}
	for i := 0; i < f.sig.Results().Len(); i++ {
		m[f.sig.Results().At(i)] = true // return statements assign them
	}
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if o := info.Uses[id]; o != nil {
				m[o] = true
			}
		} else if o := f.rootVar(e); o != nil {
			m[o] = true
		}
	}
	ast.Inspect(f.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, e := range n.Lhs {
				mark(e)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				if n.Key != nil {
					mark(n.Key)
				}
				if n.Value != nil {
					mark(n.Value)
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == 0 {
				for _, id := range n.Names {
					if o := info.Defs[id]; o != nil {
						m[o] = true // declared zero, set later
					}
				}
			}
		}
		return true
	})
	return m
}

// varKey identifies a local across compilations of the same source.
func (f *asyncFunc) varKey(l *local) string {
	return fmt.Sprintf("%s.%s:%d:%s", recvTypeNameOf(f), f.decl.Name.Name, l.obj.Pos(), l.obj.Name())
}

func recvTypeNameOf(f *asyncFunc) string {
	if f.recv == nil {
		return ""
	}
	return recvTypeName(f.recv.Type())
}
