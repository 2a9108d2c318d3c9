package blocking

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/model"
)

//go:embed doc.go
var doc string

// Analyzer reports blocking calls inside async code and poll functions.
var Analyzer = &analysis.Analyzer{
	Name:     "blocking",
	Doc:      model.DocText(doc),
	URL:      "https://pkg.go.dev/github.com/kettle-rt/kettle/cmd/kettlevet/internal/blocking",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := model.NewReporter(pass)
	model.Funcs(pass, ins, false, func(f model.Func) {
		switch {
		case model.IsAsync(pass.TypesInfo, f.Type):
			w := &walker{pass: pass, r: r, where: "async code", local: localChans(pass.TypesInfo, f.Body)}
			w.stmts(f.Body.List)
		case model.IsPollFunc(pass.TypesInfo, f.Type):
			w := &walker{pass: pass, r: r, where: "a poll", local: localChans(pass.TypesInfo, f.Body)}
			w.stmts(f.Body.List)
		}
	})
	return nil, nil
}

// walker walks the code that runs in one poll: the body of an async or
// poll function and the function literals it calls on the spot.
type walker struct {
	pass  *analysis.Pass
	r     *model.Reporter
	where string
	// local are the channels only this function can reach: operations on
	// them never wait for another goroutine.
	local map[*types.Var]bool
}

// isLocal reports whether e names a channel in w.local.
func (w *walker) isLocal(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || w.local == nil {
		return false
	}
	v, ok := w.pass.TypesInfo.Uses[id].(*types.Var)
	return ok && w.local[v]
}

func (w *walker) report(n ast.Node, what, hint string) {
	w.r.Report(n, nil, "%s blocks the executor inside %s: %s", what, w.where, hint)
}

func (w *walker) stmts(list []ast.Stmt) {
	for _, s := range list {
		w.node(s)
	}
}

// node walks n; it returns without descending where code does not run in
// the poll.
func (w *walker) node(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs elsewhere, or walked as its call's callee
		case *ast.GoStmt:
			return false
		case *ast.CallExpr:
			w.call(n)
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok && !w.ownContext(lit) {
				w.stmts(lit.Body.List)
			}
		case *ast.SendStmt:
			if !w.isLocal(n.Chan) {
				w.report(n, "a channel send", useChan)
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && !w.isLocal(n.X) {
				w.report(n, "a channel receive", useChan)
			}
		case *ast.RangeStmt:
			if isChan(w.pass.TypesInfo.TypeOf(n.X)) && !w.isLocal(n.X) {
				w.report(n.X, "a range over a channel", useChan)
			}
		case *ast.SelectStmt:
			if !hasDefault(n) {
				w.report(n, "a select without default", useChan)
			}
			// The channel operations of the cases are the select's own:
			// walk only the channel and value expressions and the bodies.
			for _, c := range n.Body.List {
				cc := c.(*ast.CommClause)
				w.comm(cc.Comm)
				w.stmts(cc.Body)
			}
			return false
		}
		return true
	})
}

// comm walks the operands of a select case's communication, not the
// communication itself.
func (w *walker) comm(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.SendStmt:
		w.node(s.Chan)
		w.node(s.Value)
	case *ast.ExprStmt:
		w.recvOperand(s.X)
	case *ast.AssignStmt:
		for _, r := range s.Rhs {
			w.recvOperand(r)
		}
	}
}

func (w *walker) recvOperand(e ast.Expr) {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		w.node(u.X)
		return
	}
	w.node(e)
}

// ownContext reports whether a literal is async or poll code itself, walked
// as a function of its own.
func (w *walker) ownContext(lit *ast.FuncLit) bool {
	return model.IsAsync(w.pass.TypesInfo, lit.Type) || model.IsPollFunc(w.pass.TypesInfo, lit.Type)
}

func (w *walker) call(call *ast.CallExpr) {
	fn := model.Callee(w.pass.TypesInfo, call)
	if name, hint, ok := blockingCall(fn); ok {
		w.report(call, name, hint)
	}
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func hasDefault(s *ast.SelectStmt) bool {
	for _, c := range s.Body.List {
		if c.(*ast.CommClause).Comm == nil {
			return true
		}
	}
	return false
}
