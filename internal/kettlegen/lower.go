package kettlegen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// lowering emits the body of one machine's Poll: basic blocks, each a
// braced block at the function's top level with a label when something
// jumps to it (`goto _LN`, out of any nesting and never into a block, so
// no variable comes into scope); a block ends in a jump, falls into the
// next one, returns, or suspends (`_m._st = N; return Pending`). Poll
// enters through a switch on the saved state that jumps to the block
// resuming there.
type lowering struct {
	f         *asyncFunc
	b         strings.Builder
	next      int
	term      bool
	brk       map[ast.Stmt]int
	cont      map[ast.Stmt]int
	drops     []string          // per suspension state: "case N: ..." for Drop
	fields    []string          // internal fields: "name type"
	awFields  map[string]string // awaited-future fields by type
	blk       int               // the current basic block
	blocks    map[*local]map[int]bool
	subFields map[string]string
	tail      []string          // out-of-line resumption blocks
	used      map[int]bool      // blocks some goto jumps to
	dead      bool              // emitting unreachable code: dropped
	resumes   []int             // the states Poll resumes at
	prVars    map[string]string // Poll-level result variables by type
	prDecls   []string
}

func (l *lowering) emit(format string, args ...any) {
	if l.dead {
		return // unreachable: nothing jumps here
	}
	if l.term {
		// Unreachable code (after a return): keep it in a block of its own.
		l.b.WriteString("}\n{\n")
		l.term = false
		l.blk++
	}
	fmt.Fprintf(&l.b, format, args...)
	l.b.WriteByte('\n')
}

func (l *lowering) newState() int {
	l.next++
	return l.next
}

// jumpText is a jump to block st: a goto to a label of the function's top
// level, out of any nesting, never into a block.
func (l *lowering) jumpText(st int) string {
	if l.used == nil {
		l.used = map[int]bool{}
	}
	if !l.dead {
		l.used[st] = true
	}
	return "goto _L" + strconv.Itoa(st)
}

// labelMark marks where block st's label goes; finish keeps the labels
// that some goto uses.
func labelMark(st int) string { return "\x00" + strconv.Itoa(st) + "\x00" }

// finish replaces the label marks of text.
func (l *lowering) finish(text string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, 0)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		j := strings.IndexByte(text[i+1:], 0) + i + 1
		st, _ := strconv.Atoi(text[i+1 : j])
		if l.used[st] {
			b.WriteString("_L" + strconv.Itoa(st) + ":\n")
		}
		text = text[j+1:]
	}
}

func (l *lowering) jump(st int) {
	if l.term || l.dead {
		return
	}
	l.emit("%s", l.jumpText(st))
	l.term = true
}

// label ends the current block and starts block st; the code before falls
// into it unless it ended in a jump or a return.
func (l *lowering) label(st int) {
	if l.term && !l.used[st] {
		// Nothing falls or jumps here (every jump to a label but a loop's
		// head comes before it): the block is dead, and so is what
		// follows until a label something jumps to.
		l.dead = true
		return
	}
	l.dead = false
	l.b.WriteString("}\n" + labelMark(st) + "{\n")
	l.term = false
	l.blk++
}

// note records that local lv is referenced in the current block.
func (l *lowering) note(lv *local) {
	if lv.field {
		return
	}
	if l.blocks == nil {
		l.blocks = map[*local]map[int]bool{}
	}
	if l.blocks[lv] == nil {
		l.blocks[lv] = map[int]bool{}
	}
	l.blocks[lv][l.blk] = true
}

// spread returns the keys of the locals referenced in more than one block:
// they must be fields.
func (l *lowering) spread() []string {
	var out []string
	for _, lv := range l.f.order {
		if len(l.blocks[lv]) > 1 {
			out = append(out, l.f.varKey(lv))
		}
	}
	return out
}

// branchState returns the state a break or continue of a lowered
// statement jumps to.
func (l *lowering) branchState(tok token.Token, target ast.Stmt) (int, bool) {
	if tok == token.BREAK {
		st, ok := l.brk[target]
		return st, ok
	}
	st, ok := l.cont[target]
	return st, ok
}

func (l *lowering) field(base, typ string) string {
	name := l.f.newName(base)
	l.fields = append(l.fields, name+" "+typ)
	return name
}

func (l *lowering) block(list []ast.Stmt) {
	for _, s := range list {
		l.stmt(s)
	}
}

// settle keeps a prelude temporary a field only if a later statement of
// the prelude suspends.
func (l *lowering) settle(pre []ast.Stmt) {
	f := l.f
	for i, s := range pre {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE {
			continue
		}
		later := false
		for _, t := range pre[i+1:] {
			if f.has(t) || isCanonical(f, t) {
				later = true
				break
			}
		}
		if later {
			continue
		}
		for _, e := range as.Lhs {
			if id, ok := e.(*ast.Ident); ok {
				if lv := f.vars[f.p.info.Defs[id]]; lv != nil && strings.HasPrefix(lv.name, "_t") && lv.obj.Pos() == token.NoPos {
					lv.field = false
				}
			}
		}
	}
}

// isCanonical reports whether s is a suspension statement: S, v := S,
// v = S or var v = S, with S's operands free of suspension points.
func isCanonical(f *asyncFunc, s ast.Stmt) bool {
	return canonicalCall(f, s) != nil
}

func canonicalCall(f *asyncFunc, s ast.Stmt) *ast.CallExpr {
	var e ast.Expr
	switch x := s.(type) {
	case *ast.ExprStmt:
		e = x.X
	case *ast.AssignStmt:
		if len(x.Rhs) == 1 && (x.Tok == token.DEFINE || x.Tok == token.ASSIGN) && allIdents(x.Lhs) {
			e = x.Rhs[0]
		}
	case *ast.DeclStmt:
		gd, ok := x.Decl.(*ast.GenDecl)
		if ok && gd.Tok == token.VAR && len(gd.Specs) == 1 {
			if vs := gd.Specs[0].(*ast.ValueSpec); len(vs.Values) == 1 {
				e = vs.Values[0]
			}
		}
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && f.suspends[call] != nil {
		// Canonical only once the operands are free of suspension points.
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && f.has(sel.X) {
			return nil
		}
		for _, a := range call.Args[1:] {
			if f.has(a) {
				return nil
			}
		}
		return call
	}
	return nil
}

func (l *lowering) prelude(pre []ast.Stmt) {
	l.settle(pre)
	for _, s := range pre {
		l.stmt(s)
	}
}

// stmt lowers one statement.
func (l *lowering) stmt(s ast.Stmt) {
	f := l.f
	if call := canonicalCall(f, s); call != nil {
		l.suspendStmt(s, call)
		return
	}
	switch x := s.(type) {
	case *ast.EmptyStmt:
		return
	case *ast.DeclStmt:
		if gd := x.Decl.(*ast.GenDecl); gd.Tok != token.VAR {
			return // hoisted
		}
	case *ast.LabeledStmt:
		if f.has(x.Stmt) {
			l.stmt(x.Stmt)
			return
		}
	case *ast.BranchStmt:
		if x.Tok == token.BREAK || x.Tok == token.CONTINUE {
			if t := f.targets[x]; t != nil {
				if st, ok := l.branchState(x.Tok, t); ok {
					l.jump(st)
					return
				}
			}
		}
	case *ast.ReturnStmt:
		if !f.has(x) {
			l.emit("{%s}", l.returnText(x.Results))
			l.term = true
			return
		}
	}
	if !f.has(s) {
		l.simple(s)
		return
	}
	switch x := s.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt, *ast.IncDecStmt, *ast.SendStmt, *ast.DeclStmt, *ast.DeferStmt, *ast.GoStmt:
		pre, rest := f.flattenStmt(s)
		l.prelude(pre)
		if call := canonicalCall(f, rest); call != nil {
			l.suspendStmt(rest, call)
			return
		}
		if r, ok := rest.(*ast.ReturnStmt); ok {
			l.emit("{%s}", l.returnText(r.Results))
			l.term = true
			return
		}
		l.simple(rest)
	case *ast.BlockStmt:
		l.block(x.List)
	case *ast.IfStmt:
		l.ifStmt(x)
	case *ast.ForStmt:
		l.forStmt(x)
	case *ast.RangeStmt:
		l.rangeStmt(x)
	case *ast.SwitchStmt:
		l.switchStmt(x)
	case *ast.TypeSwitchStmt:
		l.typeSwitch(x)
	default:
		f.errorf(s.Pos(), "cannot lower %T with Await inside", s)
	}
}

// simple emits a statement without suspension points.
func (l *lowering) simple(s ast.Stmt) {
	f := l.f
	switch x := s.(type) {
	case *ast.AssignStmt:
		if x.Tok == token.DEFINE {
			rhs := make([]string, len(x.Rhs))
			for i, e := range x.Rhs {
				rhs[i] = f.print(e)
			}
			l.assign(x.Lhs, token.DEFINE, strings.Join(rhs, ", "))
			return
		}
	case *ast.DeclStmt:
		gd := x.Decl.(*ast.GenDecl)
		if gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				l.varSpec(sp.(*ast.ValueSpec))
			}
			return
		}
		return
	case *ast.DeferStmt:
		l.emit("{%s}", f.deferText(x))
		return
	}
	term := isTerminating(s)
	l.emit("%s", f.print(s))
	if term {
		l.term = true
	}
	if x, ok := s.(*ast.ExprStmt); ok {
		if call, ok := x.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok {
				if b, ok := f.p.info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
					l.term = true
				}
			}
		}
	}
}

// emitStmt prints a statement free of suspension points.
func (l *lowering) emitStmt(s ast.Stmt) {
	term := isTerminating(s) // before printing rewrites s
	l.emit("%s", l.f.print(s))
	if term {
		l.term = true
	}
}

// varSpec emits a var declaration.
func (l *lowering) varSpec(vs *ast.ValueSpec) {
	f := l.f
	var lhs []ast.Expr
	for _, id := range vs.Names {
		lhs = append(lhs, id)
	}
	if len(vs.Values) == 0 {
		allLocal := true
		for _, id := range vs.Names {
			if lv := f.vars[f.p.info.Defs[id]]; lv != nil && lv.field {
				allLocal = false
			}
		}
		if allLocal {
			l.emit("%s", f.print(&ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{vs}}}))
			return
		}
		for _, id := range vs.Names {
			lv := f.vars[f.p.info.Defs[id]]
			switch {
			case lv == nil:
			case lv.cell:
				l.emit("_m.%s = new(%s)", lv.name, f.typ(lv.typ))
			case lv.field:
				l.emit("_m.%s = %s", lv.name, zeroOf(f, lv.typ))
			default:
				l.note(lv)
				l.emit("var %s %s", lv.name, f.typ(lv.typ))
			}
		}
		return
	}
	rhs := make([]string, len(vs.Values))
	for i, e := range vs.Values {
		rhs[i] = f.print(e)
		if vs.Type != nil && len(vs.Values) == len(vs.Names) {
			if lv := f.vars[f.p.info.Defs[vs.Names[i]]]; lv != nil {
				rhs[i] = "(" + f.typ(lv.typ) + ")(" + rhs[i] + ")"
			}
		}
	}
	l.assign(lhs, token.DEFINE, strings.Join(rhs, ", "))
}

// assign emits lhs tok rhs, declaring fields, cells and locals as needed.
func (l *lowering) assign(lhs []ast.Expr, tok token.Token, rhs string) {
	f := l.f
	if tok != token.DEFINE {
		parts := make([]string, len(lhs))
		for i, e := range lhs {
			parts[i] = f.print(e)
		}
		l.emit("%s %s %s", strings.Join(parts, ", "), tok, rhs)
		return
	}
	simple := true
	anyNew := false
	for _, e := range lhs {
		id, ok := e.(*ast.Ident)
		if !ok {
			simple = false
			continue
		}
		if id.Name == "_" {
			continue
		}
		o := f.p.info.Defs[id]
		isNew := o != nil
		if o == nil {
			o = f.p.info.Uses[id]
		}
		lv := f.vars[o]
		if lv == nil {
			continue
		}
		if isNew {
			anyNew = true
		}
		if lv.field {
			simple = false
		}
	}
	if simple && anyNew {
		parts := make([]string, len(lhs))
		for i, e := range lhs {
			parts[i] = f.print(e)
		}
		l.emit("%s := %s", strings.Join(parts, ", "), rhs)
		return
	}
	parts := make([]string, len(lhs))
	for i, e := range lhs {
		id, _ := e.(*ast.Ident)
		if id != nil && id.Name != "_" {
			if o := f.p.info.Defs[id]; o != nil {
				if lv := f.vars[o]; lv != nil {
					switch {
					case lv.cell:
						l.emit("_m.%s = new(%s)", lv.name, f.typ(lv.typ))
					case !lv.field:
						l.note(lv)
						l.emit("var %s %s", lv.name, f.typ(lv.typ))
					}
				}
			}
		}
		parts[i] = f.print(e)
	}
	l.emit("%s = %s", strings.Join(parts, ", "), rhs)
}

// suspendStmt emits a canonical suspension statement.
func (l *lowering) suspendStmt(s ast.Stmt, call *ast.CallExpr) {
	f := l.f
	sc := f.suspends[call]
	fut := f.fut()
	rt := f.resultType()
	var fieldExpr string // the polled future, as an expression
	var drop string
	pollVar := "_p" // the Poll holding the value
	st := l.newState()
	switch sc.kind {
	case kAwait, kCross:
		var val, ts string
		nilable := false
		if sc.kind == kAwait {
			arg := call.Args[1]
			ft := f.typeOf(arg)
			ts, val = f.typ(ft), f.print(arg)
			nilable = types.IsInterface(ft)
		} else {
			ts = fut + ".Future[" + calleeResult(f, sc.callee) + "]"
			val = l.crossCall(sc, call)
		}
		name, ok := l.awFields[ts]
		if !ok {
			name = l.field("_aw", ts)
			l.awFields[ts] = name
		}
		rts := f.typ(f.typeOf(call))
		if sc.kind == kCross {
			rts = calleeResult(f, sc.callee)
		}
		pr, ok := l.prVars[rts]
		if !ok {
			pr = f.newName("_pr")
			l.prVars[rts] = pr
			l.prDecls = append(l.prDecls, "var "+pr+" "+fut+".Poll["+rts+"]")
		}
		clear := "nil"
		if !nilable && !strings.HasPrefix(ts, "*") && sc.kind == kAwait {
			if ft := f.typeOf(call.Args[1]); !isPointer(ft) && !types.IsInterface(ft) {
				clear = "*new(" + ts + ")"
			}
		}
		// Fast path: poll at once and keep the future in the machine only
		// if it is pending; the resumption polls it from there.
		l.emit("_f := %s", val)
		if nilable {
			l.emit("%s.GenNotNil(_f)", fut)
		}
		l.emit("%s = _f.Poll(_cx)", pr)
		l.emit("if !%s.IsReady() { _m.%s = _f; _m._st = %d; return %s.Pending[%s]() }", pr, name, st, fut, rt)
		after := l.newState()
		l.resumes = append(l.resumes, st)
		l.jumpText(st) // the dispatch jumps to it
		l.tail = append(l.tail, fmt.Sprintf("%s{\n%s = _m.%s.Poll(_cx)\nif !%s.IsReady() { _m._st = %d; return %s.Pending[%s]() }\n_m.%s = %s\n%s\n}",
			labelMark(st), pr, name, pr, st, fut, rt, name, clear, l.jumpText(after)))
		if clear == "nil" {
			drop = fmt.Sprintf("_f := _m.%s; _m.%s = nil; %s.Drop(_f)", name, name, fut)
		} else {
			drop = fmt.Sprintf("%s.Drop(&_m.%s)", fut, name)
		}
		l.drops = append(l.drops, fmt.Sprintf("case %d:\n%s", st, drop))
		l.label(after)
		pollVar = pr
	case kNested:
		g := f.g.fns[sc.callee]
		g.ensureVars()
		ts := g.typeName + f.instArgs(call)
		name, ok := l.subFields[ts]
		if !ok {
			name = l.field("_sub", ts)
			l.subFields[ts] = name
		}
		l.emit("_m.%s = %s", name, l.nestedLit(g, ts, call))
		fieldExpr = "_m." + name
		drop = "_m." + name + ".Drop()"
		l.label(st)
		l.resumes = append(l.resumes, st)
		l.jumpText(st) // the dispatch jumps to it
		l.drops = append(l.drops, fmt.Sprintf("case %d:\n%s", st, drop))
		l.emit("_p := %s.Poll(_cx)", fieldExpr)
		l.emit("if !_p.IsReady() { _m._st = %d; return %s.Pending[%s]() }", st, fut, rt)
	}
	// Deliver the value.
	var lhs []ast.Expr
	tok := token.DEFINE
	switch x := s.(type) {
	case *ast.ExprStmt:
		return
	case *ast.AssignStmt:
		lhs, tok = x.Lhs, x.Tok
	case *ast.DeclStmt:
		vs := x.Decl.(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
		for _, id := range vs.Names {
			lhs = append(lhs, id)
		}
	}
	l.emit("_v, _ := %s.Get()", pollVar)
	if len(lhs) == 1 {
		l.assign(lhs, tok, "_v")
		return
	}
	vals := make([]string, len(lhs))
	for i := range lhs {
		vals[i] = "_v.V" + strconv.Itoa(i+1)
	}
	l.assign(lhs, tok, strings.Join(vals, ", "))
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// instArgs returns the type arguments of a nested generic call, "[A, B]".
func (f *asyncFunc) instArgs(call *ast.CallExpr) string {
	fun := ast.Unparen(call.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	var id *ast.Ident
	switch x := fun.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
		if s := f.p.info.Selections[x]; s != nil {
			// A method: the receiver's type arguments.
			t := s.Recv()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := t.(*types.Named); ok && n.TypeArgs().Len() > 0 {
				var parts []string
				for i := 0; i < n.TypeArgs().Len(); i++ {
					parts = append(parts, f.typ(n.TypeArgs().At(i)))
				}
				return "[" + strings.Join(parts, ", ") + "]"
			}
			return ""
		}
	}
	inst, ok := f.p.info.Instances[id]
	if !ok || inst.TypeArgs.Len() == 0 {
		return ""
	}
	var parts []string
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		parts = append(parts, f.typ(inst.TypeArgs.At(i)))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// nestedLit builds the callee's machine for a nested async call.
func (l *lowering) nestedLit(g *asyncFunc, ts string, call *ast.CallExpr) string {
	f := l.f
	g.ensureVars()
	var elems []string
	if g.recv != nil {
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		recv := f.print(sel.X)
		s := f.p.info.Selections[sel]
		_, wantPtr := g.recv.Type().(*types.Pointer)
		_, isPtr := s.Recv().Underlying().(*types.Pointer)
		switch {
		case wantPtr && !isPtr:
			recv = "&" + recv
		case !wantPtr && isPtr:
			recv = "*" + recv
		}
		if lv := g.vars[g.recv]; lv != nil {
			elems = append(elems, lv.name+": "+recv)
		} else {
			l.emit("_ = %s", recv)
		}
	}
	params := g.sig.Params()
	n := params.Len()
	for i := 1; i < n; i++ {
		p := params.At(i)
		var val string
		if g.sig.Variadic() && i == n-1 {
			rest := call.Args[i:]
			if call.Ellipsis.IsValid() {
				val = f.print(rest[0])
			} else if len(rest) == 0 {
				val = "nil"
			} else {
				var parts []string
				for _, a := range rest {
					parts = append(parts, f.print(a))
				}
				val = g.substType(p.Type(), call, f) + "{" + strings.Join(parts, ", ") + "}"
			}
		} else {
			val = f.print(call.Args[i])
		}
		lv := g.vars[p]
		switch {
		case lv == nil:
			// A blank parameter: evaluate the argument for its effects.
			tmp := f.newName("_a")
			l.emit("%s := %s", tmp, val)
			l.emit("_ = %s", tmp)
		case lv.cell:
			tmp := f.newName("_a")
			l.emit("%s := %s", tmp, val)
			elems = append(elems, lv.name+": &"+tmp)
		default:
			elems = append(elems, lv.name+": "+val)
		}
	}
	return ts + "{" + strings.Join(elems, ", ") + "}"
}

// substType prints the type t of callee g (in g's type parameters) as
// seen at call, in f.
func (g *asyncFunc) substType(t types.Type, call *ast.CallExpr, f *asyncFunc) string {
	// The argument slice type at the call site is the instantiated
	// parameter type: take it from the call's function type.
	if sig, ok := f.typeOf(call.Fun).(*types.Signature); ok {
		return f.typ(sig.Params().At(sig.Params().Len() - 1).Type())
	}
	return f.typ(t)
}

// crossCall calls the generated constructor of another package's async
// function.
func (l *lowering) crossCall(sc *suspendCall, call *ast.CallExpr) string {
	f := l.f
	fun := ast.Unparen(call.Fun)
	var head string
	switch x := fun.(type) {
	case *ast.SelectorExpr:
		head = f.print(x.X) + "." + sc.callee.Name() + "Async"
	case *ast.IndexExpr:
		sel := x.X.(*ast.SelectorExpr)
		head = f.print(sel.X) + "." + sc.callee.Name() + "Async[" + f.print(x.Index) + "]"
	default:
		head = f.print(fun) + "Async"
	}
	var args []string
	for _, a := range call.Args[1:] {
		args = append(args, f.print(a))
	}
	s := head + "(" + strings.Join(args, ", ")
	if call.Ellipsis.IsValid() {
		s += "..."
	}
	return s + ")"
}

// calleeResult is the machine result type of an async callee, as seen
// at a call.
func calleeResult(f *asyncFunc, fn *types.Func) string {
	return resultTypeOf(f, fn.Type().(*types.Signature).Results())
}

// ---- compound statements

// forceFlat flattens a simple statement so that it holds no suspension
// point at all (a loop's init or post).
func (l *lowering) forceFlat(s ast.Stmt) ast.Stmt {
	f := l.f
	if s == nil || !f.has(s) {
		return s
	}
	fl := &flattener{f: f}
	switch x := s.(type) {
	case *ast.AssignStmt:
		var slots []*ast.Expr
		for i := range x.Lhs {
			slots = append(slots, lhsOperands(&x.Lhs[i])...)
		}
		for i := range x.Rhs {
			slots = append(slots, &x.Rhs[i])
		}
		fl.list(slots)
		if len(x.Rhs) == 1 && len(x.Lhs) > 1 {
			f.errorf(s.Pos(), "cannot lower a multi-value Await here")
		}
	case *ast.ExprStmt:
		x.X = fl.expr(x.X)
	case *ast.IncDecStmt:
		fl.list(lhsOperands(&x.X))
	case *ast.SendStmt:
		fl.list([]*ast.Expr{&x.Chan, &x.Value})
	default:
		pre, rest := f.flattenStmt(s)
		l.prelude(pre)
		return rest
	}
	l.prelude(fl.pre)
	f.hasMemo[s] = false
	return s
}

func (l *lowering) ifStmt(x *ast.IfStmt) {
	f := l.f
	if x.Init != nil {
		init := l.forceFlat(x.Init)
		l.stmt(init)
	}
	pre, cond := f.flattenExpr(x.Cond)
	l.prelude(pre)
	if !f.has(x.Body) && (x.Else == nil || !f.has(x.Else)) {
		l.emitStmt(&ast.IfStmt{Cond: cond, Body: x.Body, Else: x.Else})
		return
	}
	end := l.newState()
	els := end
	if x.Else != nil {
		els = l.newState()
	}
	l.emit("if %s { %s }", negate(f.print(cond)), l.jumpText(els))
	l.block(x.Body.List)
	if x.Else != nil {
		l.jump(end)
		l.label(els)
		l.stmt(x.Else)
	}
	l.label(end)
}

func (l *lowering) forStmt(x *ast.ForStmt) {
	f := l.f
	init := l.forceFlat(x.Init)
	if !f.has(x.Body) && !f.has(x.Cond) && !f.has(x.Post) {
		l.emitStmt(&ast.ForStmt{Init: init, Cond: x.Cond, Post: x.Post, Body: x.Body})
		return
	}
	if init != nil {
		l.stmt(init)
	}
	cond, post, end := l.newState(), l.newState(), l.newState()
	l.brk[x], l.cont[x] = end, post
	l.label(cond)
	if x.Cond != nil {
		pre, c := f.flattenExpr(x.Cond)
		l.prelude(pre)
		l.emit("if %s { %s }", negate(f.print(c)), l.jumpText(end))
	}
	l.block(x.Body.List)
	l.label(post)
	// Go 1.22: each iteration has its own loop variables; a captured one
	// is copied into a fresh cell before the post statement.
	if as, ok := x.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
		for _, e := range as.Lhs {
			if id, ok := e.(*ast.Ident); ok {
				if lv := f.vars[f.p.info.Defs[id]]; lv != nil && lv.cell {
					l.emit("{ _c := *_m.%s; _m.%s = &_c }", lv.name, lv.name)
				}
			}
		}
	}
	if x.Post != nil {
		l.stmt(x.Post)
	}
	l.jump(cond)
	l.label(end)
}

func (l *lowering) rangeStmt(x *ast.RangeStmt) {
	f := l.f
	pre, rx := f.flattenExpr(x.X)
	l.prelude(pre)
	if !f.has(x.Body) {
		l.emit("%s", f.print(&ast.RangeStmt{Key: x.Key, Value: x.Value, Tok: x.Tok, X: rx, Body: x.Body}))
		return
	}
	xt := f.typeOf(x.X)
	cond, post, end := l.newState(), l.newState(), l.newState()
	l.brk[x], l.cont[x] = end, post
	fut := f.fut()
	_ = fut
	var key, val string // expressions for the iteration values
	var postStmt string
	under := xt.Underlying()
	if p, ok := under.(*types.Pointer); ok {
		under = p.Elem().Underlying()
	}
	switch u := under.(type) {
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			xs := l.field("_xs", f.typ(types.Default(xt)))
			ix := l.field("_ix", "int")
			n := l.field("_n", "int")
			l.emit("_m.%s, _m.%s = %s, 0", xs, ix, f.print(rx))
			l.label(cond)
			l.emit("if _m.%s >= len(_m.%s) { %s }", ix, xs, l.jumpText(end))
			utf8 := f.g.imp.alias("unicode/utf8", "utf8")
			l.emit("_r, _w := %s.DecodeRuneInString(_m.%s[_m.%s:])", utf8, xs, ix)
			l.emit("_m.%s = _w", n)
			key, val = "_m."+ix, "_r"
			postStmt = fmt.Sprintf("_m.%s += _m.%s", ix, n)
			if x.Value == nil {
				l.emit("_ = _r")
			}
		} else {
			// Range over an integer.
			t := xt
			if u.Info()&types.IsUntyped != 0 {
				t = types.Typ[types.Int]
				if x.Key != nil {
					if kt := f.typeOf(x.Key); kt != nil {
						t = kt
					}
				}
			}
			ts := f.typ(t)
			ix := l.field("_ix", ts)
			hiExpr := ""
			if tv, ok := f.p.info.Types[x.X]; ok && tv.Value != nil && rx == x.X {
				hiExpr = f.print(rx) // a constant: no field
				l.emit("_m.%s = 0", ix)
			} else {
				hi := l.field("_hi", ts)
				hiExpr = "_m." + hi
				l.emit("_m.%s, _m.%s = %s, 0", hi, ix, f.print(rx))
			}
			l.label(cond)
			l.emit("if _m.%s >= %s { %s }", ix, hiExpr, l.jumpText(end))
			key = "_m." + ix
			postStmt = fmt.Sprintf("_m.%s++", ix)
		}
	case *types.Slice, *types.Array:
		xs := l.field("_xs", f.typ(xt))
		ix := l.field("_ix", "int")
		l.emit("_m.%s, _m.%s = %s, 0", xs, ix, f.print(rx))
		l.label(cond)
		l.emit("if _m.%s >= len(_m.%s) { %s }", ix, xs, l.jumpText(end))
		key, val = "_m."+ix, "_m."+xs+"[_m."+ix+"]"
		postStmt = fmt.Sprintf("_m.%s++", ix)
	case *types.Map:
		mp := l.field("_mp", f.typ(xt))
		ks := l.field("_ks", "[]"+f.typ(u.Key()))
		ix := l.field("_ix", "int")
		l.emit("_m.%s, _m.%s = %s, 0", mp, ix, f.print(rx))
		l.emit("_m.%s = make([]%s, 0, len(_m.%s))", ks, f.typ(u.Key()), mp)
		l.emit("for _k := range _m.%s { _m.%s = append(_m.%s, _k) }", mp, ks, ks)
		l.label(cond)
		l.emit("if _m.%s >= len(_m.%s) { _m.%s = nil; %s }", ix, ks, ks, l.jumpText(end))
		// An entry deleted before it is reached is not produced.
		l.emit("_k := _m.%s[_m.%s]", ks, ix)
		l.emit("_e, _ok := _m.%s[_k]", mp)
		l.emit("if !_ok { %s }", l.jumpText(post))
		key, val = "_k", "_e"
		if x.Value == nil {
			l.emit("_ = _e")
		}
		postStmt = fmt.Sprintf("_m.%s++", ix)
	case *types.Chan:
		ch := l.field("_ch", f.typ(xt))
		l.emit("_m.%s = %s", ch, f.print(rx))
		l.label(cond)
		l.emit("_e, _ok := <-_m.%s", ch)
		l.emit("if !_ok { %s }", l.jumpText(end))
		key = "_e"
	case *types.Signature:
		l.rangeFunc(x, rx, u, cond, post, end)
		return
	default:
		f.errorf(x.Pos(), "cannot range over %s with Await in the body", xt)
		return
	}
	var lhs []ast.Expr
	var rhs []string
	if x.Key != nil && !isBlank(x.Key) {
		lhs, rhs = append(lhs, x.Key), append(rhs, key)
	}
	if x.Value != nil && !isBlank(x.Value) {
		lhs, rhs = append(lhs, x.Value), append(rhs, val)
	}
	if len(lhs) > 0 {
		tok := token.ASSIGN
		if x.Tok == token.DEFINE {
			tok = token.DEFINE
		}
		l.assign(lhs, tok, strings.Join(rhs, ", "))
	}
	l.block(x.Body.List)
	l.label(post)
	if postStmt != "" {
		l.emit("%s", postStmt)
	}
	l.jump(cond)
	l.label(end)
}

// rangeFunc lowers a range over a function iterator whose body awaits,
// through iter.Pull; stopping it is a pending defer, so a panic or a drop
// inside the body ends the iterator too.
func (l *lowering) rangeFunc(x *ast.RangeStmt, rx ast.Expr, sig *types.Signature, cond, post, end int) {
	f := l.f
	yield := sig.Params().At(0).Type().Underlying().(*types.Signature)
	iterPkg := f.g.imp.alias("iter", "iter")
	var vts []string
	for i := 0; i < yield.Params().Len(); i++ {
		vts = append(vts, f.typ(yield.Params().At(i).Type()))
	}
	seqExpr := f.print(rx)
	if len(vts) == 0 {
		// A func(yield func() bool) iterator: pull struct{}{} values.
		vts = []string{"struct{}"}
		seqExpr = "func(_y func(struct{}) bool) { (" + seqExpr + ")(func() bool { return _y(struct{}{}) }) }"
	}
	pull, seq, next := "Pull", "Seq", "func() ("+vts[0]+", bool)"
	if len(vts) == 2 {
		pull, seq, next = "Pull2", "Seq2", "func() ("+vts[0]+", "+vts[1]+", bool)"
	}
	nx := l.field("_next", next)
	stop := l.field("_stop", "func()")
	l.f.hasDefer = true
	l.emit("_m.%s, _m.%s = %s.%s(%s.%s[%s](%s))", nx, stop, iterPkg, pull, iterPkg, seq, strings.Join(vts, ", "), seqExpr)
	l.emit("_m._df.Defer(_m.%s)", stop)
	l.label(cond)
	var key, val string
	if len(vts) == 2 {
		l.emit("_k, _e, _ok := _m.%s()", nx)
		key, val = "_k", "_e"
	} else {
		l.emit("_k, _ok := _m.%s()", nx)
		key = "_k"
	}
	l.emit("if !_ok { %s }", l.jumpText(end))
	var lhs []ast.Expr
	var rhs []string
	if x.Key != nil && !isBlank(x.Key) {
		lhs, rhs = append(lhs, x.Key), append(rhs, key)
	} else {
		l.emit("_ = _k")
	}
	if x.Value != nil && !isBlank(x.Value) {
		lhs, rhs = append(lhs, x.Value), append(rhs, val)
	} else if val != "" {
		l.emit("_ = _e")
	}
	if len(lhs) > 0 {
		tok := token.ASSIGN
		if x.Tok == token.DEFINE {
			tok = token.DEFINE
		}
		l.assign(lhs, tok, strings.Join(rhs, ", "))
	}
	l.block(x.Body.List)
	l.label(post)
	l.jump(cond)
	l.label(end)
	l.emit("_m.%s()", stop)
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func hasFallthrough(body *ast.BlockStmt) bool {
	for _, c := range body.List {
		cc := c.(*ast.CaseClause)
		if n := len(cc.Body); n > 0 {
			if b, ok := cc.Body[n-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
				return true
			}
		}
	}
	return false
}

func (l *lowering) switchStmt(x *ast.SwitchStmt) {
	f := l.f
	var init ast.Stmt
	if x.Init != nil {
		init = l.forceFlat(x.Init)
	}
	var tag ast.Expr
	if x.Tag != nil {
		var pre []ast.Stmt
		pre0 := init
		if pre0 != nil && f.has(x.Tag) {
			l.stmt(pre0)
			init = nil
		}
		pre, tag = f.flattenExpr(x.Tag)
		if len(pre) > 0 && init != nil {
			l.stmt(init)
			init = nil
		}
		l.prelude(pre)
	}
	if !f.has(x.Body) {
		l.emitStmt(&ast.SwitchStmt{Init: init, Tag: tag, Body: x.Body})
		return
	}
	if init != nil {
		l.stmt(init)
	}
	end := l.newState()
	l.brk[x] = end
	for _, c := range x.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			if f.has(e) {
				l.switchChain(x, tag, end)
				return
			}
		}
	}
	fall := hasFallthrough(x.Body)
	clauses := x.Body.List
	bodies := make([]int, len(clauses))
	for i, c := range clauses {
		if fall || f.has(&ast.BlockStmt{List: c.(*ast.CaseClause).Body}) {
			bodies[i] = l.newState()
		}
	}
	allJump := clausesJump(clauses, bodies, x)
	var b strings.Builder
	if tag != nil {
		b.WriteString("switch " + f.print(tag) + " {\n")
	} else {
		b.WriteString("switch {\n")
	}
	for i, c := range clauses {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			b.WriteString("default:\n")
		} else {
			var parts []string
			for _, e := range cc.List {
				parts = append(parts, f.print(e))
			}
			b.WriteString("case " + strings.Join(parts, ", ") + ":\n")
		}
		if bodies[i] != 0 {
			b.WriteString(l.jumpText(bodies[i]) + "\n")
			continue
		}
		for _, s := range cc.Body {
			b.WriteString(f.print(s) + "\n")
		}
	}
	b.WriteString("}")
	if !allJump {
		b.WriteString("\n" + l.jumpText(end))
	}
	l.emit("%s", b.String())
	l.term = true
	for i, c := range clauses {
		if bodies[i] == 0 {
			continue
		}
		cc := c.(*ast.CaseClause)
		body := cc.Body
		through := false
		if n := len(body); n > 0 {
			if br, ok := body[n-1].(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				body, through = body[:n-1], true
			}
		}
		l.label(bodies[i])
		l.block(body)
		if through && i+1 < len(clauses) {
			l.jump(bodies[i+1])
		} else {
			l.jump(end)
		}
	}
	l.label(end)
}

// switchChain lowers a switch whose case expressions await: the cases are
// tested in order, each expression evaluated only when the ones before it
// did not match, as Go does; every clause body is a block.
func (l *lowering) switchChain(x *ast.SwitchStmt, tag ast.Expr, end int) {
	f := l.f
	var tagRef string
	if tag != nil {
		t := f.typeOf(tag)
		tv := f.newTemp(t, true)
		l.emit("_m.%s = %s", tv.name, f.print(tag))
		tagRef = "_m." + tv.name
	}
	clauses := x.Body.List
	bodies := make([]int, len(clauses))
	dflt := end
	for i, c := range clauses {
		bodies[i] = l.newState()
		if c.(*ast.CaseClause).List == nil {
			dflt = bodies[i]
		}
	}
	for i, c := range clauses {
		for _, e := range c.(*ast.CaseClause).List {
			pre, e2 := f.flattenExpr(e)
			l.prelude(pre)
			if tag != nil {
				l.emit("if %s == %s { %s }", tagRef, f.print(e2), l.jumpText(bodies[i]))
			} else {
				l.emit("if %s { %s }", f.print(e2), l.jumpText(bodies[i]))
			}
		}
	}
	l.jump(dflt)
	for i, c := range clauses {
		body := c.(*ast.CaseClause).Body
		through := false
		if n := len(body); n > 0 {
			if br, ok := body[n-1].(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				body, through = body[:n-1], true
			}
		}
		l.label(bodies[i])
		l.block(body)
		if through && i+1 < len(clauses) {
			l.jump(bodies[i+1])
		} else {
			l.jump(end)
		}
	}
	l.label(end)
}

func (l *lowering) typeSwitch(x *ast.TypeSwitchStmt) {
	f := l.f
	if x.Init != nil {
		l.stmt(l.forceFlat(x.Init))
	}
	var subject ast.Expr
	switch a := x.Assign.(type) {
	case *ast.AssignStmt:
		subject = a.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		subject = a.X.(*ast.TypeAssertExpr).X
	}
	pre, subj := f.flattenExpr(subject)
	l.prelude(pre)
	end := l.newState()
	l.brk[x] = end
	clauses := x.Body.List
	bodies := make([]int, len(clauses))
	used := false
	uses := map[types.Object]bool{}
	for _, o := range f.p.info.Uses {
		uses[o] = true
	}
	for i, c := range clauses {
		cc := c.(*ast.CaseClause)
		if f.has(&ast.BlockStmt{List: cc.Body}) {
			bodies[i] = l.newState()
		}
		if o := f.p.info.Implicits[cc]; o != nil && uses[o] {
			used = true
		}
	}
	bind := "_ts"
	tsJump := clausesJump(clauses, bodies, x)
	var b strings.Builder
	if used {
		b.WriteString("switch " + bind + " := (" + f.print(subj) + ").(type) {\n")
	} else {
		b.WriteString("switch (" + f.print(subj) + ").(type) {\n")
	}
	var assigns []func()
	_ = assigns
	for i, c := range clauses {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			b.WriteString("default:\n")
		} else {
			var parts []string
			for _, e := range cc.List {
				parts = append(parts, f.print(e))
			}
			b.WriteString("case " + strings.Join(parts, ", ") + ":\n")
		}
		o := f.p.info.Implicits[cc]
		lv := f.vars[o]
		if used && lv != nil && uses[o] {
			switch {
			case lv.cell:
				fmt.Fprintf(&b, "_m.%s = new(%s); *_m.%s = %s\n", lv.name, f.typ(lv.typ), lv.name, bind)
			case lv.field:
				fmt.Fprintf(&b, "_m.%s = %s\n", lv.name, bind)
			default:
				l.note(lv)
				fmt.Fprintf(&b, "%s := %s\n", lv.name, bind)
			}
		} else if used {
			b.WriteString("_ = " + bind + "\n")
		}
		if bodies[i] != 0 {
			b.WriteString(l.jumpText(bodies[i]) + "\n")
			continue
		}
		for _, s := range cc.Body {
			b.WriteString(f.print(s) + "\n")
		}
	}
	b.WriteString("}")
	if !tsJump {
		b.WriteString("\n" + l.jumpText(end))
	}
	l.emit("%s", b.String())
	l.term = true
	for i, c := range clauses {
		if bodies[i] == 0 {
			continue
		}
		l.label(bodies[i])
		l.block(c.(*ast.CaseClause).Body)
		l.jump(end)
	}
	l.label(end)
}

// negate returns the negation of the boolean expression e.
func negate(e string) string {
	if strings.HasPrefix(e, "!") && !strings.ContainsAny(e[1:], " &|=<>") {
		return e[1:]
	}
	return "!(" + e + ")"
}

// zeroOf is the zero value of t as an expression.
func zeroOf(f *asyncFunc, t types.Type) string {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		if _, isParam := t.(*types.TypeParam); !isParam {
			return "nil"
		}
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false"
		case u.Info()&types.IsString != 0:
			return `""`
		case u.Info()&types.IsNumeric != 0:
			return "0"
		}
	}
	return "*new(" + f.typ(t) + ")"
}

// clausesJump reports whether an emitted Go switch cannot complete: it has
// a default and every clause jumps to its block (bodies[i] != 0) or ends
// in a terminating statement without breaking out. Decided before the
// clauses are printed (printing rewrites them).
func clausesJump(clauses []ast.Stmt, bodies []int, owner ast.Stmt) bool {
	hasDefault := false
	for i, c := range clauses {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			hasDefault = true
		}
		if bodies[i] != 0 {
			continue
		}
		n := len(cc.Body)
		if n == 0 || !endsInJump(cc.Body[n-1]) {
			return false
		}
	}
	return hasDefault
}

// endsInJump is isTerminating for a statement of a lowered switch clause,
// where break and continue become jumps.
func endsInJump(s ast.Stmt) bool {
	switch x := s.(type) {
	case *ast.BranchStmt:
		return x.Tok != token.FALLTHROUGH
	case *ast.BlockStmt:
		return len(x.List) > 0 && endsInJump(x.List[len(x.List)-1])
	case *ast.IfStmt:
		return x.Else != nil && endsInJump(x.Body) && endsInJump(x.Else)
	case *ast.LabeledStmt:
		return endsInJump(x.Stmt)
	}
	return isTerminating(s)
}
