package unawaited

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

// Analyzer reports futures that are created and never polled.
var Analyzer = &analysis.Analyzer{
	Name:     "unawaited",
	Doc:      model.DocText(doc),
	URL:      "https://pkg.go.dev/github.com/kettle-rt/kettle/cmd/kettlevet/internal/unawaited",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

const message = "future is never polled: Await it, Spawn it, or Drop it"

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := model.NewReporter(pass)
	model.Funcs(pass, ins, true, func(f model.Func) {
		if f.Test && panicProbe(f) {
			return
		}
		checkBody(pass, r, f.Body, f.Test)
	})
	return nil, nil
}

// panicProbe reports whether f is a test's panic probe, a function
// literal whose whole body is one call, as in
// require.Panics(t, func() { future.Lazy[int](nil) }): the future is made
// only to see the constructor panic.
func panicProbe(f model.Func) bool {
	if _, ok := f.Node.(*ast.FuncLit); !ok || len(f.Body.List) != 1 {
		return false
	}
	_, ok := f.Body.List[0].(*ast.ExprStmt)
	return ok
}

// dropped reports whether a value of type t is a future whose loss
// matters.
func dropped(t types.Type) bool {
	return model.IsFuture(t) && !model.IsJoinHandle(t)
}

// created reports whether e makes a new value (a call that is not a
// conversion, a composite literal or its address), as opposed to naming
// one that exists elsewhere.
func created(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		tv, ok := info.Types[e.Fun]
		return !ok || !tv.IsType()
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		_, ok := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && ok
	}
	return false
}

// checkBody checks the statements of one function body, not those of the
// function literals inside it (they are checked as bodies of their own).
func checkBody(pass *analysis.Pass, r *model.Reporter, body *ast.BlockStmt, test bool) {
	info := pass.TypesInfo
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ExprStmt:
			if created(info, n.X) && dropped(info.TypeOf(n.X)) {
				r.Report(n.X, nil, message)
			}
		case *ast.DeferStmt:
			// defer mk() and go mk() throw the result away too.
			if dropped(info.TypeOf(n.Call)) {
				r.Report(n.Call, nil, message)
			}
		case *ast.GoStmt:
			if dropped(info.TypeOf(n.Call)) {
				r.Report(n.Call, nil, message)
			}
		case *ast.AssignStmt:
			if !test {
				checkBlank(pass, r, n.Lhs, n.Rhs)
			}
		case *ast.ValueSpec:
			if !test {
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				checkBlank(pass, r, lhs, n.Values)
			}
		}
		return true
	})
	checkLocals(pass, r, body)
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// checkBlank reports futures created on the right and assigned to _ on
// the left, one to one or from a call with several results.
func checkBlank(pass *analysis.Pass, r *model.Reporter, lhs, rhs []ast.Expr) {
	info := pass.TypesInfo
	if len(lhs) == len(rhs) {
		for i, l := range lhs {
			if isBlank(l) && created(info, rhs[i]) && dropped(info.TypeOf(rhs[i])) {
				r.Report(rhs[i], nil, message)
			}
		}
		return
	}
	if len(rhs) != 1 || !created(info, rhs[0]) {
		return
	}
	tuple, ok := info.TypeOf(rhs[0]).(*types.Tuple)
	if !ok || tuple.Len() != len(lhs) {
		return
	}
	for i, l := range lhs {
		if isBlank(l) && dropped(tuple.At(i).Type()) {
			r.Report(rhs[0], nil, message)
			return
		}
	}
}
