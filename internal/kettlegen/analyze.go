package kettlegen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// asyncFunc is one //kettle:async function and everything known about it.
type asyncFunc struct {
	g    *pkgGen
	p    *pkg
	file *ast.File
	decl *ast.FuncDecl
	obj  *types.Func
	sig  *types.Signature
	co   *types.Var
	recv *types.Var

	typeName string // the machine's struct type
	ctor     string // the constructor

	// suspends maps each suspension call to its kind.
	suspends map[*ast.CallExpr]*suspendCall
	calls    []*suspendCall // the nested async calls, for recursion checks
	hasMemo  map[ast.Node]bool

	vars       map[types.Object]*local
	order      []*local // fields in declaration order
	taken      map[string]bool
	targets    map[*ast.BranchStmt]ast.Stmt // the statement each break/continue leaves
	hasDefer   bool
	consts     []*ast.GenDecl // local const declarations, hoisted into Poll
	localTypes []*ast.GenDecl // local type declarations, hoisted to package level
	typeNames  map[types.Object]string
	useIndex   map[types.Object][]token.Pos
	forced     map[string]bool // locals that must be fields (see generatePackage)
	errs       ErrorList

	// emission state
	lw *lowering
}

// suspendKind says what a suspension call is.
type suspendKind int

const (
	kAwait  suspendKind = iota // future.Await(co, f)
	kNested                    // g(co, ...) with g async in this package
	kCross                     // pkg.G(co, ...) with a generated pkg.GAsync
)

type suspendCall struct {
	kind   suspendKind
	call   *ast.CallExpr
	callee *types.Func  // kNested, kCross
	twin   types.Object // kCross: the generated constructor (func or method)
}

// local is a variable of the async function: a parameter, a result, the
// receiver, a local or a temporary.
type local struct {
	obj   types.Object
	name  string
	typ   types.Type
	field bool // lives in the machine struct
	cell  bool // a field holding a pointer to the variable
	param bool
	byval bool // never changed after its declaration: closures copy it
}

func (f *asyncFunc) errorf(pos token.Pos, format string, args ...any) {
	f.errs = append(f.errs, &Error{Pos: f.p.fset.Position(pos), Msg: fmt.Sprintf(format, args...)})
}

// isAsyncDoc reports whether a doc comment holds the line //kettle:async.
func isAsyncDoc(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		if strings.TrimSpace(c.Text) == "//kettle:async" {
			return true
		}
	}
	return false
}

// findAsync returns the async functions of p, validated.
func findAsync(p *pkg) ([]*asyncFunc, ErrorList) {
	var fns []*asyncFunc
	var errs ErrorList
	for _, file := range p.files {
		if strings.HasSuffix(p.fset.Position(file.Pos()).Filename, GenFile) {
			continue
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !isAsyncDoc(fd.Doc) {
				continue
			}
			f := &asyncFunc{p: p, file: file, decl: fd}
			f.analyze()
			errs = append(errs, f.errs...)
			if len(f.errs) == 0 {
				fns = append(fns, f)
			}
		}
	}
	errs = append(errs, checkCallers(p)...)
	return fns, errs
}

// checkCallers reports a function that is not async but passes its own co
// parameter to an async function of the package: it runs the callee as a
// coroutine that kettlegen cannot compile. Function literals (async blocks)
// may call async functions with their co.
func checkCallers(p *pkg) ErrorList {
	var errs ErrorList
	for _, file := range p.files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || isAsyncDoc(fd.Doc) {
				continue
			}
			cos := map[types.Object]bool{}
			for _, fl := range fd.Type.Params.List {
				if tv, ok := p.info.Types[fl.Type]; ok && isCoType(tv.Type) {
					for _, n := range fl.Names {
						cos[p.info.Defs[n]] = true
					}
				}
			}
			if len(cos) == 0 {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if _, ok := n.(*ast.FuncLit); ok {
					return false
				}
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
				if !ok || !cos[p.info.Uses[id]] {
					return true
				}
				callee := calleeFunc(p.info, call.Fun)
				if callee == nil || callee.Pkg() != p.types {
					return true
				}
				for _, file2 := range p.files {
					for _, d2 := range file2.Decls {
						if fd2, ok := d2.(*ast.FuncDecl); ok && p.info.Defs[fd2.Name] == callee && isAsyncDoc(fd2.Doc) {
							errs = append(errs, &Error{Pos: p.fset.Position(call.Pos()), Msg: fmt.Sprintf("%s calls async function %s with a co from elsewhere: mark %s //kettle:async, or await %sAsync(...)", fd.Name.Name, callee.Name(), fd.Name.Name, callee.Name())})
						}
					}
				}
				return true
			})
		}
	}
	return errs
}

// isCoType reports whether t is *future.Co.
func isCoType(t types.Type) bool {
	ptr, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := ptr.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == FuturePath && n.Obj().Name() == "Co"
}

// analyze validates f and finds its suspension points.
func (f *asyncFunc) analyze() {
	fd := f.decl
	obj, _ := f.p.info.Defs[fd.Name].(*types.Func)
	if obj == nil {
		f.errorf(fd.Pos(), "%s does not type-check", fd.Name.Name)
		return
	}
	f.obj = obj
	f.sig = obj.Type().(*types.Signature)
	if fd.Body == nil {
		f.errorf(fd.Pos(), "async function %s has no body", fd.Name.Name)
		return
	}
	if f.sig.Params().Len() == 0 || !isCoType(f.sig.Params().At(0).Type()) {
		f.errorf(fd.Name.Pos(), "async function %s: the first parameter must be co *future.Co", fd.Name.Name)
		return
	}
	f.co = f.sig.Params().At(0)
	if f.co.Name() == "" || f.co.Name() == "_" {
		f.co = nil
	}
	f.recv = f.sig.Recv()
	if f.sig.Results().Len() > 6 {
		f.errorf(fd.Name.Pos(), "async function %s: more than 6 results", fd.Name.Name)
	}
	for _, imp := range f.file.Imports {
		if imp.Name != nil && imp.Name.Name == "." {
			f.errorf(imp.Pos(), "dot imports are not supported in a file with async functions")
		}
	}
	f.suspends = map[*ast.CallExpr]*suspendCall{}
	f.hasMemo = map[ast.Node]bool{}
	f.findSuspends()
	f.checkBody()
}

// findSuspends classifies every call that receives co and reports every
// other use of co.
func (f *asyncFunc) findSuspends() {
	info := f.p.info
	allowed := map[*ast.Ident]bool{}
	ast.Inspect(f.decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
		if !ok || f.co == nil || info.Uses[id] != f.co {
			return true
		}
		callee := calleeFunc(info, call.Fun)
		if callee == nil {
			f.errorf(call.Pos(), "co passed to a call that is not future.Await or an async function")
			return true
		}
		if callee.Pkg() != nil && callee.Pkg().Path() == FuturePath && callee.Name() == "Await" {
			allowed[id] = true
			f.suspends[call] = &suspendCall{kind: kAwait, call: call}
			return true
		}
		if callee.Pkg() == f.p.types {
			fd := f.funcDecl(callee)
			if fd == nil || !isAsyncDoc(fd.Doc) {
				f.errorf(call.Pos(), "co passed to %s, which is not an async function (//kettle:async)", callee.Name())
				return true
			}
			if call.Ellipsis.IsValid() && len(call.Args) == 1 {
				f.errorf(call.Pos(), "unsupported call form")
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if s := info.Selections[sel]; s != nil && (s.Kind() != types.MethodVal || len(s.Index()) > 1) {
					f.errorf(call.Pos(), "async method %s must be called directly on its receiver type (no promoted or interface methods)", callee.Name())
					return true
				}
			}
			allowed[id] = true
			sc := &suspendCall{kind: kNested, call: call, callee: callee}
			f.suspends[call] = sc
			f.calls = append(f.calls, sc)
			return true
		}
		// Another package: it needs its generated twin.
		twin := f.crossTwin(call, callee)
		if twin == nil {
			f.errorf(call.Pos(), "co passed to %s.%s, which has no generated %sAsync (not an async function, or its package has not been generated)", callee.Pkg().Name(), callee.Name(), callee.Name())
			return true
		}
		allowed[id] = true
		f.suspends[call] = &suspendCall{kind: kCross, call: call, callee: callee, twin: twin}
		return true
	})
	// Every other use of co is an escape.
	var inLit int
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			inLit++
			ast.Inspect(n.Body, walk)
			inLit--
			return false
		case *ast.Ident:
			if f.co != nil && info.Uses[n] == f.co {
				switch {
				case inLit > 0:
					f.errorf(n.Pos(), "co captured by a function literal (Await and async calls must be in the async function's own body)")
				case !allowed[n]:
					f.errorf(n.Pos(), "co used outside Await or an async call (it must not be stored, copied or passed elsewhere)")
				}
			}
		}
		return true
	}
	ast.Inspect(f.decl.Body, walk)
}

// crossTwin finds the generated constructor of an async function of
// another package: pkg.FAsync or the method (r) FAsync.
func (f *asyncFunc) crossTwin(call *ast.CallExpr, callee *types.Func) types.Object {
	sig := callee.Type().(*types.Signature)
	name := callee.Name() + "Async"
	if sig.Recv() == nil {
		return callee.Pkg().Scope().Lookup(name)
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if tv, ok := f.p.info.Types[sel.X]; ok {
			o, _, _ := types.LookupFieldOrMethod(tv.Type, tv.Addressable(), callee.Pkg(), name)
			return o
		}
	}
	return nil
}

// calleeFunc returns the function or method a call calls statically.
func calleeFunc(info *types.Info, fun ast.Expr) *types.Func {
	fun = ast.Unparen(fun)
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
		if s := info.Selections[x]; s != nil && s.Kind() != types.MethodVal {
			return nil
		}
		id = x.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// funcDecl finds the declaration of a function of this package.
func (f *asyncFunc) funcDecl(fn *types.Func) *ast.FuncDecl {
	for _, file := range f.p.files {
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && f.p.info.Defs[fd.Name] == fn {
				return fd
			}
		}
	}
	return nil
}

// has reports whether n contains a suspension point (function literals
// excluded: they cannot hold one).
func (f *asyncFunc) has(n ast.Node) bool {
	if n == nil {
		return false
	}
	if v, ok := f.hasMemo[n]; ok && v {
		if _, synthetic := n.(*ast.IfStmt); synthetic {
			return v
		}
	}
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if f.suspends[m] != nil {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// checkBody reports the statements kettlegen cannot lower.
func (f *asyncFunc) checkBody() {
	var inLit int
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			inLit++
			ast.Inspect(n.Body, walk)
			inLit--
			return false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO && inLit == 0 {
				f.errorf(n.Pos(), "goto is not supported in async functions")
			}
		case *ast.SelectStmt:
			if inLit == 0 {
				f.errorf(n.Pos(), "select is not supported in async functions (use future.Select2 or future.Race)")
			}
		case *ast.DeferStmt:
			if inLit == 0 {
				f.hasDefer = true
				if f.suspends[n.Call] != nil {
					f.errorf(n.Pos(), "defer of an async call")
				}
				if callee := calleeFunc(f.p.info, n.Call.Fun); callee != nil && callee.Pkg() != nil && callee.Pkg() != f.p.types {
					key := callee.Name()
					if sig := callee.Type().(*types.Signature); sig.Recv() != nil {
						key = recvTypeName(sig.Recv().Type()) + "." + key
					}
					if recoversIn(callee.Pkg().Path(), key) {
						f.errorf(n.Pos(), "deferred %s.%s calls recover: in a state machine it cannot see the panic; recover in a deferred function literal instead", callee.Pkg().Name(), callee.Name())
					}
				}
				if callee := calleeFunc(f.p.info, n.Call.Fun); callee != nil && callee.Pkg() == f.p.types && f.recoverer(n.Call.Fun) == nil {
					if fd := f.funcDecl(callee); fd != nil && f.p.callsRecover(fd) {
						f.errorf(n.Pos(), "deferred %s calls recover: in a state machine only a deferred function literal or plain function of the package can recover (write defer func() { ... recover() ... }())", callee.Name())
					}
				}
			}
		case *ast.GoStmt:
			if f.suspends[n.Call] != nil {
				f.errorf(n.Pos(), "go statement with an async call")
			}
		case *ast.DeclStmt:
			if inLit == 0 {
				gd := n.Decl.(*ast.GenDecl)
				switch gd.Tok {
				case token.CONST:
					f.consts = append(f.consts, gd)
				case token.TYPE:
					f.localTypes = append(f.localTypes, gd)
					if f.sig.TypeParams().Len() > 0 || f.sig.RecvTypeParams().Len() > 0 {
						f.errorf(gd.Pos(), "local type declarations in generic async functions are not supported")
					}
				}
			}
		}
		return true
	}
	ast.Inspect(f.decl.Body, walk)
}

// callsRecover reports whether body calls the builtin recover itself
// (function literals inside it excluded).
func callsRecover(info *types.Info, body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "recover" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// callsRecover reports, once per declaration, whether fd calls recover in
// its own body.
func (p *pkg) callsRecover(fd *ast.FuncDecl) bool {
	if v, ok := p.recovers[fd]; ok {
		return v
	}
	if p.recovers == nil {
		p.recovers = map[*ast.FuncDecl]bool{}
	}
	v := callsRecover(p.info, fd.Body)
	p.recovers[fd] = v
	return v
}
