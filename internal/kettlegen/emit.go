package kettlegen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// ensureVars collects f's variables once (a caller's nested call may need
// them before f is compiled).
func (f *asyncFunc) ensureVars() {
	if f.vars != nil {
		return
	}
	f.names()
	f.collectVars()
	f.resolveTargets()
}

// typeParams returns the machine's type parameter list for declarations
// ("[T any]") and for uses ("[T]").
func (f *asyncFunc) typeParams() (decl, use string) {
	var tps *types.TypeParamList
	if f.recv != nil {
		tps = f.sig.RecvTypeParams()
	} else {
		tps = f.sig.TypeParams()
	}
	if tps == nil || tps.Len() == 0 {
		return "", ""
	}
	var d, u []string
	for i := 0; i < tps.Len(); i++ {
		tp := tps.At(i)
		d = append(d, tp.Obj().Name()+" "+f.typ(tp.Constraint()))
		u = append(u, tp.Obj().Name())
	}
	return "[" + strings.Join(d, ", ") + "]", "[" + strings.Join(u, ", ") + "]"
}

// recvDecl is the constructor's receiver: "r *T[E]".
func (f *asyncFunc) recvDecl() string {
	name := f.recv.Name()
	if name == "" {
		name = "_"
	}
	return name + " " + f.typ(f.recv.Type())
}

// ctorParams is the constructor's parameter list.
func (f *asyncFunc) ctorParams() string {
	var parts []string
	ps := f.sig.Params()
	for i := 1; i < ps.Len(); i++ {
		p := ps.At(i)
		name := p.Name()
		if name == "" {
			name = "_"
		}
		t := p.Type()
		if f.sig.Variadic() && i == ps.Len()-1 {
			parts = append(parts, name+" ..."+f.typ(t.(*types.Slice).Elem()))
		} else {
			parts = append(parts, name+" "+f.typ(t))
		}
	}
	return strings.Join(parts, ", ")
}

// resultType is T of the machine's Future[T].
func (f *asyncFunc) resultType() string {
	return resultTypeOf(f, f.sig.Results())
}

func resultTypeOf(f *asyncFunc, res *types.Tuple) string {
	fut := f.fut()
	switch res.Len() {
	case 0:
		return fut + ".Unit"
	case 1:
		return f.typ(res.At(0).Type())
	}
	var parts []string
	for i := 0; i < res.Len(); i++ {
		parts = append(parts, f.typ(res.At(i).Type()))
	}
	return fmt.Sprintf("%s.Tuple%d[%s]", fut, res.Len(), strings.Join(parts, ", "))
}

// resultValue builds the machine's output from result expressions.
func (f *asyncFunc) resultValue(vals []string) string {
	res := f.sig.Results()
	switch res.Len() {
	case 0:
		return f.fut() + ".Unit{}"
	case 1:
		return vals[0]
	}
	var parts []string
	for i, v := range vals {
		parts = append(parts, "V"+strconv.Itoa(i+1)+": "+v)
	}
	return f.resultType() + "{" + strings.Join(parts, ", ") + "}"
}

// namedResults returns the fields of the named results, or nil.
func (f *asyncFunc) namedResults() []string {
	res := f.sig.Results()
	if res.Len() == 0 || res.At(0).Name() == "" {
		return nil
	}
	var out []string
	for i := 0; i < res.Len(); i++ {
		lv := f.vars[res.At(i)]
		out = append(out, f.resultRef(lv, i))
	}
	return out
}

func (f *asyncFunc) resultRef(lv *local, i int) string {
	if lv == nil {
		return "_m._res" + strconv.Itoa(i)
	}
	if lv.cell {
		return "(*_m." + lv.name + ")"
	}
	return "_m." + lv.name
}

// returnText is the lowered form of `return results...`.
func (l *lowering) returnText(results []ast.Expr) string {
	f := l.f
	fut := f.fut()
	rt := f.resultType()
	var b strings.Builder
	var vals []string
	res := f.sig.Results()
	if len(results) == 1 && res.Len() > 1 {
		// return g() with g returning several values.
		var names []string
		for i := 0; i < res.Len(); i++ {
			names = append(names, "_r"+strconv.Itoa(i))
		}
		fmt.Fprintf(&b, "%s := %s; ", strings.Join(names, ", "), f.print(results[0]))
		vals = names
	} else {
		for _, e := range results {
			vals = append(vals, f.print(e))
		}
	}
	if named := f.namedResults(); named != nil {
		var ls, rs []string
		for i := range vals {
			if i < len(named) && named[i] != vals[i] {
				ls, rs = append(ls, named[i]), append(rs, vals[i])
			}
		}
		if len(ls) > 0 {
			fmt.Fprintf(&b, "%s = %s; ", strings.Join(ls, ", "), strings.Join(rs, ", "))
		}
		if f.hasDefer {
			b.WriteString("_m._df.Return(); ")
		}
		fmt.Fprintf(&b, "return %s.Ready[%s](%s)", fut, rt, f.resultValue(named))
		return b.String()
	}
	if f.hasDefer && len(vals) > 0 {
		var names []string
		for i := 0; i < res.Len(); i++ {
			n := "_o" + strconv.Itoa(i)
			fmt.Fprintf(&b, "var %s %s; ", n, f.typ(res.At(i).Type()))
			names = append(names, n)
		}
		fmt.Fprintf(&b, "%s = %s; ", strings.Join(names, ", "), strings.Join(vals, ", "))
		vals = names
	}
	if f.hasDefer {
		b.WriteString("_m._df.Return(); ")
	}
	if len(vals) == 0 && res.Len() > 0 {
		// Falling off the end is impossible here; keep the compiler happy.
		fmt.Fprintf(&b, "return %s.Ready(*new(%s))", fut, rt)
		return b.String()
	}
	fmt.Fprintf(&b, "return %s.Ready[%s](%s)", fut, rt, f.resultValue(vals))
	return b.String()
}

// deferText is the lowered form of a defer statement: its function and
// arguments are evaluated now, the call runs from the pending-defer list.
func (f *asyncFunc) deferText(d *ast.DeferStmt) string {
	call := d.Call
	var b strings.Builder
	fun := ast.Unparen(call.Fun)
	var fn string
	if lit, ok := fun.(*ast.FuncLit); ok {
		r := &rewriter{f: f, deferred: true}
		fn = f.raw(r.node(lit))
		if len(call.Args) == 0 {
			return "_m._df.Defer(" + fn + ")"
		}
		tmp := f.newName("_d")
		fmt.Fprintf(&b, "%s := %s; ", tmp, fn)
		fn = tmp
	} else if lit := f.inlineRecoverer(fun); lit != "" {
		// A function of this package that recovers: deferred as a copy of
		// its body, a literal whose recover the machine can answer.
		tmp := f.newName("_d")
		fmt.Fprintf(&b, "%s := %s; ", tmp, lit)
		fn = tmp
	} else if f.staticFunc(fun) {
		fn = f.print(fun)
	} else {
		tmp := f.newName("_d")
		fmt.Fprintf(&b, "%s := %s; ", tmp, f.print(fun))
		fn = tmp
	}
	var args []string
	for _, a := range call.Args {
		if tv, ok := f.p.info.Types[a]; ok && (tv.Value != nil || tv.IsNil()) {
			args = append(args, f.print(a))
			continue
		}
		tmp := f.newName("_d")
		fmt.Fprintf(&b, "%s := %s; ", tmp, f.print(a))
		args = append(args, tmp)
	}
	ell := ""
	if call.Ellipsis.IsValid() {
		ell = "..."
	}
	fmt.Fprintf(&b, "_m._df.Defer(func() { %s(%s%s) })", fn, strings.Join(args, ", "), ell)
	return b.String()
}

// staticFunc reports whether fun names a function (or builtin) rather
// than computing a function value.
func (f *asyncFunc) staticFunc(fun ast.Expr) bool {
	switch x := fun.(type) {
	case *ast.IndexExpr:
		return f.staticFunc(x.X)
	case *ast.IndexListExpr:
		return f.staticFunc(x.X)
	case *ast.Ident:
		switch f.p.info.Uses[x].(type) {
		case *types.Func, *types.Builtin:
			return true
		}
	case *ast.SelectorExpr:
		if _, ok := f.p.info.Uses[x.Sel].(*types.Func); ok && f.p.info.Selections[x] == nil {
			return true
		}
	}
	return false
}

// compile generates the machine for f.
func (f *asyncFunc) compile() (string, ErrorList) {
	f.ensureVars()
	fut := f.fut()
	l := &lowering{f: f, brk: map[ast.Stmt]int{}, cont: map[ast.Stmt]int{}, awFields: map[string]string{}, subFields: map[string]string{}, prVars: map[string]string{}}
	f.lw = l
	rt := f.resultType()
	// Body.
	l.b.WriteString("{\n")
	l.block(f.decl.Body.List)
	if !l.term {
		if f.sig.Results().Len() == 0 {
			l.emit("{%s}", l.returnText(nil))
		} else {
			l.emit(`panic("kettlegen: unreachable")`)
		}
		l.term = true
	}
	for _, lv := range f.order {
		if lv.field {
			if bad := f.unnameable(lv.typ); bad != "" {
				pos := lv.obj.Pos()
				if !pos.IsValid() {
					pos = f.decl.Pos()
				}
				f.errorf(pos, "%s must live across an Await, but its type %s cannot be named outside package %s (unexported); keep it out of the await's reach or use an exported type", lv.obj.Name(), bad, f.p.name)
			}
		}
	}
	if len(f.errs) > 0 {
		return "", f.errs
	}
	for _, msg := range f.g.imp.conflicts {
		f.errorf(f.decl.Pos(), "%s", msg)
	}
	if len(f.errs) > 0 {
		return "", f.errs
	}
	tpDecl, tpUse := f.typeParams()
	mt := f.typeName + tpUse
	var out strings.Builder
	for _, gd := range f.localTypes {
		out.WriteString(f.print(gd) + "\n\n")
	}
	// Struct.
	fmt.Fprintf(&out, "// %s is the state machine of %s (see %s).\n", f.typeName, f.decl.Name.Name, f.ctor)
	fmt.Fprintf(&out, "type %s%s struct {\n_st int\n", f.typeName, tpDecl)
	if f.hasDefer {
		fmt.Fprintf(&out, "_df %s.GenDefers\n", fut)
	}
	for _, lv := range f.order {
		if !lv.field {
			continue
		}
		if lv.cell {
			fmt.Fprintf(&out, "%s *%s\n", lv.name, f.typ(lv.typ))
		} else {
			fmt.Fprintf(&out, "%s %s\n", lv.name, f.typ(lv.typ))
		}
	}
	for i := 0; i < f.sig.Results().Len(); i++ {
		if r := f.sig.Results().At(i); r.Name() == "_" {
			fmt.Fprintf(&out, "_res%d %s\n", i, f.typ(r.Type()))
		}
	}
	for _, fl := range l.fields {
		out.WriteString(fl + "\n")
	}
	out.WriteString("}\n\n")
	// The coroutine form stays the source of truth; refer to it so that
	// tools do not call it unused when only the machine is used.
	if tpDecl == "" {
		if f.recv != nil {
			fmt.Fprintf(&out, "var _ = (%s).%s\n\n", f.typ(f.recv.Type()), f.decl.Name.Name)
		} else {
			fmt.Fprintf(&out, "var _ = %s\n\n", f.decl.Name.Name)
		}
	}
	// Constructor.
	var elems []string
	addElem := func(v *types.Var) {
		if lv := f.vars[v]; lv != nil {
			if lv.cell {
				elems = append(elems, lv.name+": &"+v.Name())
			} else {
				elems = append(elems, lv.name+": "+v.Name())
			}
		}
	}
	if f.recv != nil {
		addElem(f.recv)
	}
	for i := 1; i < f.sig.Params().Len(); i++ {
		addElem(f.sig.Params().At(i))
	}
	// Named results start at their zero values; cells need allocating.
	for i := 0; i < f.sig.Results().Len(); i++ {
		if lv := f.vars[f.sig.Results().At(i)]; lv != nil && lv.cell {
			elems = append(elems, lv.name+": new("+f.typ(lv.typ)+")")
		}
	}
	fmt.Fprintf(&out, "// %s returns %s as a future: a state machine generated by kettlegen\n// that runs nothing until its first poll.\n", f.ctor, f.decl.Name.Name)
	if f.recv != nil {
		fmt.Fprintf(&out, "func (%s) %s(%s) *%s {\n", f.recvDecl(), f.ctor, f.ctorParams(), mt)
	} else {
		fmt.Fprintf(&out, "func %s%s(%s) *%s {\n", f.ctor, tpDecl, f.ctorParams(), mt)
	}
	fmt.Fprintf(&out, "return &%s{%s}\n}\n\n", mt, strings.Join(elems, ", "))
	// Poll.
	var hoisted strings.Builder
	for _, gd := range f.consts {
		hoisted.WriteString(f.print(&ast.DeclStmt{Decl: gd}) + "\n")
	}
	for _, d := range l.prDecls {
		hoisted.WriteString(d + "\n")
	}
	tail := strings.Join(l.tail, "\n")
	if tail != "" {
		tail += "\n"
	}
	// The dispatch: resume at the saved state, then run the blocks, which
	// jump to each other with goto (labels of the top level only).
	var dispatch strings.Builder
	dispatch.WriteString("switch _s {\ncase 0:\n")
	for _, st := range l.resumes {
		fmt.Fprintf(&dispatch, "case %d:\ngoto _L%d\n", st, st)
	}
	dispatch.WriteString("default:\npanic(\"kettlegen: bad state\")\n}\n")
	loop := dispatch.String() + l.finish(l.b.String()+"}\n"+tail)
	guard := fmt.Sprintf("_s := _m._st\nif _s < 0 {\n%s.GenPolledAfter(_m, _s == -2)\n}\n_m._st = -1\n", fut)
	fmt.Fprintf(&out, "// Poll runs %s until its next Await that is pending, or its end.\n", f.decl.Name.Name)
	if !f.hasDefer {
		fmt.Fprintf(&out, "func (_m *%s) Poll(_cx *%s.Context) %s.Poll[%s] {\n%s%s%s}\n\n", mt, fut, fut, rt, guard, hoisted.String(), loop)
	} else {
		recovered := "*new(" + rt + ")"
		if named := f.namedResults(); named != nil {
			recovered = f.resultValue(named)
		}
		fmt.Fprintf(&out, "func (_m *%s) Poll(_cx *%s.Context) (_res %s.Poll[%s]) {\n%s", mt, fut, fut, rt, guard)
		fmt.Fprintf(&out, "_ok := false\ndefer func() {\nif !_ok && _m._df.Panic(recover()) {\n_res = %s.Ready[%s](%s)\n}\n}()\n", fut, rt, recovered)
		out.WriteString("_res = _m.resume(_cx, _s)\n_ok = true\nreturn _res\n}\n\n")
		fmt.Fprintf(&out, "func (_m *%s) resume(_cx *%s.Context, _s int) %s.Poll[%s] {\n%s%s}\n\n", mt, fut, fut, rt, hoisted.String(), loop)
	}
	// Drop.
	fmt.Fprintf(&out, "// Drop cancels %s: it drops what it awaits and runs its pending defers.\n", f.decl.Name.Name)
	fmt.Fprintf(&out, "func (_m *%s) Drop() {\n_s := _m._st\nif _s <= 0 {\nif _s == 0 {\n_m._st = -2\n}\nreturn\n}\n_m._st = -2\n", mt)
	if len(l.drops) > 0 {
		out.WriteString("switch _s {\n" + strings.Join(l.drops, "\n") + "\n}\n")
	}
	if f.hasDefer {
		out.WriteString("_m._df.Drop()\n")
	}
	out.WriteString("}\n\n")
	return out.String(), nil
}

var _ = token.NoPos

// unnameable returns the first named type inside t that the generated file
// cannot name (unexported, of another package), or "".
func (f *asyncFunc) unnameable(t types.Type) string {
	seen := map[types.Type]bool{}
	var walk func(t types.Type) string
	walk = func(t types.Type) string {
		if seen[t] {
			return ""
		}
		seen[t] = true
		switch x := t.(type) {
		case *types.Named:
			o := x.Obj()
			if o.Pkg() != nil && o.Pkg() != f.p.types && !o.Exported() {
				return o.Pkg().Name() + "." + o.Name()
			}
			for i := 0; i < x.TypeArgs().Len(); i++ {
				if b := walk(x.TypeArgs().At(i)); b != "" {
					return b
				}
			}
		case *types.Alias:
			return walk(types.Unalias(x))
		case *types.Pointer:
			return walk(x.Elem())
		case *types.Slice:
			return walk(x.Elem())
		case *types.Array:
			return walk(x.Elem())
		case *types.Chan:
			return walk(x.Elem())
		case *types.Map:
			if b := walk(x.Key()); b != "" {
				return b
			}
			return walk(x.Elem())
		case *types.Signature:
			for _, tup := range []*types.Tuple{x.Params(), x.Results()} {
				for i := 0; i < tup.Len(); i++ {
					if b := walk(tup.At(i).Type()); b != "" {
						return b
					}
				}
			}
		case *types.Struct:
			for i := 0; i < x.NumFields(); i++ {
				if b := walk(x.Field(i).Type()); b != "" {
					return b
				}
			}
		}
		return ""
	}
	return walk(t)
}

// inlineRecoverer returns, for a deferred plain function of this package
// whose body calls recover, a function literal with its signature and
// body (recover answered by the machine), or "".
func (f *asyncFunc) inlineRecoverer(fun ast.Expr) string {
	fd := f.recoverer(fun)
	if fd == nil {
		return ""
	}
	if s, ok := f.p.inlined[fd]; ok {
		return s
	}
	sig := f.p.info.Defs[fd.Name].(*types.Func).Type().(*types.Signature)
	var params []string
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		name := p.Name()
		if name == "" {
			name = "_"
		}
		t := f.typ(p.Type())
		if sig.Variadic() && i == sig.Params().Len()-1 {
			t = "..." + f.typ(p.Type().(*types.Slice).Elem())
		}
		params = append(params, name+" "+t)
	}
	var results []string
	for i := 0; i < sig.Results().Len(); i++ {
		r := sig.Results().At(i)
		name := r.Name()
		if name == "" {
			results = append(results, f.typ(r.Type()))
		} else {
			results = append(results, name+" "+f.typ(r.Type()))
		}
	}
	res := ""
	if len(results) > 0 {
		res = " (" + strings.Join(results, ", ") + ")"
	}
	r := &rewriter{f: f, deferred: true, lit: 1, captured: map[*local]bool{}}
	body := f.raw(r.node(fd.Body))
	lit := "func(" + strings.Join(params, ", ") + ")" + res + " " + body
	if f.p.inlined == nil {
		f.p.inlined = map[*ast.FuncDecl]string{}
	}
	f.p.inlined[fd] = lit
	return lit
}

// recoverer returns the declaration of fun if it names a plain,
// non-generic function of this package that calls recover.
func (f *asyncFunc) recoverer(fun ast.Expr) *ast.FuncDecl {
	callee := calleeFunc(f.p.info, fun)
	if callee == nil || callee.Pkg() != f.p.types {
		return nil
	}
	sig := callee.Type().(*types.Signature)
	if sig.Recv() != nil || sig.TypeParams().Len() > 0 {
		return nil
	}
	if _, isIdent := ast.Unparen(fun).(*ast.Ident); !isIdent {
		return nil
	}
	fd := f.funcDecl(callee)
	if fd == nil || !f.p.callsRecover(fd) {
		return nil
	}
	return fd
}
