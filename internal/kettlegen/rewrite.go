package kettlegen

import (
	"bytes"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"reflect"
	"strings"
)

// rewriter rewrites a subtree of the async function in place for
// printing: variables become fields, cells or renamed locals; at the
// function's own level (outside function literals) return, break,
// continue and defer become their lowered forms.
type rewriter struct {
	f        *asyncFunc
	lit      int             // depth inside function literals
	captured map[*local]bool // cells captured by the outermost literal
	deferred bool            // the outermost literal is a deferred call's function
}

var (
	nodeType = reflect.TypeOf((*ast.Node)(nil)).Elem()
)

// print rewrites n and prints it.
func (f *asyncFunc) print(n ast.Node) string {
	r := &rewriter{f: f}
	n = r.node(n)
	return f.raw(n)
}

// raw prints n as it is.
func (f *asyncFunc) raw(n ast.Node) string {
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.RawFormat}
	if err := cfg.Fprint(&b, token.NewFileSet(), n); err != nil {
		panic(err)
	}
	return b.String()
}

// text is a statement or expression printed verbatim.
func text(s string) *ast.Ident { return &ast.Ident{Name: s} }

func textStmt(s string) ast.Stmt { return &ast.ExprStmt{X: text(s)} }

// varRef is how variable l is written at the current place.
func (r *rewriter) varRef(l *local) string {
	if lw := r.f.lw; lw != nil {
		lw.note(l)
	}
	switch {
	case l.byval && l.field && r.lit > 0:
		r.captured[l] = true
		return l.name
	case l.cell && r.lit > 0:
		r.captured[l] = true
		return "(*" + l.name + ")"
	case l.cell:
		return "(*_m." + l.name + ")"
	case l.field:
		return "_m." + l.name
	}
	return l.name
}

// node rewrites n and returns its replacement.
func (r *rewriter) node(n ast.Node) ast.Node {
	f := r.f
	switch x := n.(type) {
	case nil:
		return nil
	case *ast.Ident:
		o := f.p.info.Uses[x]
		if o == nil {
			o = f.p.info.Defs[x]
		}
		if l := f.vars[o]; l != nil {
			x.Name = r.varRef(l)
		} else if n, ok := f.typeNames[o]; ok {
			x.Name = n
		} else if o == nil && r.lit == 1 && r.deferred && x.Name == "recover" {
			// handled by CallExpr
		} else if pn, ok := o.(*types.PkgName); ok {
			f.g.imp.use(pn.Imported().Path(), x.Name)
		}
		return x
	case *ast.CallExpr:
		if r.lit == 1 && r.deferred {
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "recover" && len(x.Args) == 0 {
				if b, ok := f.p.info.Uses[id].(*types.Builtin); ok && b.Name() == "recover" {
					return text("_m._df.Recover()")
				}
			}
		}
	case *ast.UnaryExpr:
		// &x of a variable held in a cell is the cell itself.
		if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && x.Op == token.AND {
			if l := f.vars[f.p.info.Uses[id]]; l != nil && l.cell {
				if r.lit > 0 {
					r.varRef(l)
					return text(l.name)
				}
				if lw := f.lw; lw != nil {
					lw.note(l)
				}
				return text("_m." + l.name)
			}
		}
	case *ast.FuncLit:
		outer := r.lit == 0
		if outer {
			r.captured = map[*local]bool{}
		}
		r.lit++
		r.children(x)
		r.lit--
		if !outer || len(r.captured) == 0 {
			return x
		}
		// Bind the captured cells now: the literal keeps the cells of
		// this iteration even when the fields point to new ones later.
		var params, args []string
		for _, l := range f.order {
			if r.captured[l] {
				if l.cell {
					params = append(params, l.name+" *"+f.typ(l.typ))
				} else {
					params = append(params, l.name+" "+f.typ(l.typ))
				}
				args = append(args, "_m."+l.name)
			}
		}
		r.captured = nil
		return text("func(" + strings.Join(params, ", ") + ") " + f.raw(x.Type) + " { return " + f.raw(x) + " }(" + strings.Join(args, ", ") + ")")
	}
	if r.lit == 0 {
		switch x := n.(type) {
		case *ast.ReturnStmt:
			r.children(x)
			return textStmt("{" + f.lw.returnText(x.Results) + "}")
		case *ast.BranchStmt:
			if t := f.targets[x]; t != nil {
				if st, ok := f.lw.branchState(x.Tok, t); ok {
					return textStmt("{" + f.lw.jumpText(st) + "}")
				}
			}
			return x
		case *ast.DeferStmt:
			return textStmt("{" + f.deferText(x) + "}")
		}
	}
	r.children(n)
	return n
}

// children rewrites the children of n in place.
func (r *rewriter) children(n ast.Node) {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	v = v.Elem()
	if v.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < v.NumField(); i++ {
		fv := v.Field(i)
		switch fv.Kind() {
		case reflect.Interface, reflect.Pointer:
			r.slot(fv)
		case reflect.Slice:
			for j := 0; j < fv.Len(); j++ {
				r.slot(fv.Index(j))
			}
		}
	}
}

// slot rewrites the node held by fv, replacing it when allowed.
func (r *rewriter) slot(fv reflect.Value) {
	if fv.IsNil() || !fv.CanInterface() {
		return
	}
	child, ok := fv.Interface().(ast.Node)
	if !ok {
		return
	}
	if t := fv.Type().String(); t == "*ast.Object" || t == "*ast.Scope" {
		return // the parser's deprecated resolution data: not syntax
	}
	repl := r.node(child)
	if repl != child && repl != nil {
		rv := reflect.ValueOf(repl)
		if rv.Type().AssignableTo(fv.Type()) && fv.CanSet() {
			fv.Set(rv)
		}
	}
}

var _ = nodeType
