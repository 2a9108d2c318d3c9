package foreignco

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/model"
)

//go:embed doc.go
var doc string

// Analyzer reports awaits with a Co that is not the running block's own.
var Analyzer = &analysis.Analyzer{
	Name:     "foreignco",
	Doc:      model.DocText(doc),
	URL:      "https://pkg.go.dev/github.com/kettle-rt/kettle/cmd/kettlevet/internal/foreignco",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := model.NewReporter(pass)
	skip := map[*ast.File]bool{}
	for _, f := range pass.Files {
		skip[f] = model.Skip(pass, f, false)
	}
	info := pass.TypesInfo
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil), (*ast.GoStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		if f, ok := stack[0].(*ast.File); !ok || skip[f] {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			for _, a := range n.Call.Args {
				if model.IsCo(info.TypeOf(a)) {
					r.Report(a, nil, "a Co passed to a goroutine: only the block's own body may Await with it (a runtime panic)")
				}
			}
		case *ast.CallExpr:
			check(pass, r, n, stack)
		}
		return true
	})
	return nil, nil
}

// check reports an await point whose Co variable comes from outside the
// innermost async body, or crosses a goroutine or blocking-pool boundary.
func check(pass *analysis.Pass, r *model.Reporter, call *ast.CallExpr, stack []ast.Node) {
	info := pass.TypesInfo
	if !model.IsAwaitPoint(info, call) || len(call.Args) == 0 {
		return
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || !model.IsCo(v.Type()) {
		return
	}
	what := "an async call"
	if model.IsAwait(info, call) {
		what = "future.Await"
	}
	// The function that declares v, then each literal between it and the
	// call.
	decl := -1
	for i := len(stack) - 1; i >= 0; i-- {
		if isFunc(stack[i]) && stack[i].Pos() <= v.Pos() && v.Pos() < stack[i].End() {
			decl = i
			break
		}
	}
	if decl < 0 {
		return // a package-level Co: stored, not followed
	}
	for i := decl + 1; i < len(stack); i++ {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		switch {
		case model.IsAsync(info, lit.Type):
			r.Report(id, nil, "%s with the Co of an enclosing async block: a block must Await with its own co (a runtime panic)", what)
			return
		case inGo(lit, stack[:i]):
			r.Report(id, nil, "%s with a Co inside a goroutine: only the block's own body may Await with it (a runtime panic)", what)
			return
		case model.IsPollFunc(info, lit.Type):
			r.Report(id, nil, "%s with a Co inside a poll function: the block is already awaiting when it runs (a runtime panic)", what)
			return
		case blockingArg(info, lit, stack[:i]):
			r.Report(id, nil, "%s with a Co inside a SpawnBlocking function: only the block's own body may Await with it (a runtime panic)", what)
			return
		}
	}
}

func isFunc(n ast.Node) bool {
	switch n.(type) {
	case *ast.FuncDecl, *ast.FuncLit:
		return true
	}
	return false
}

// inGo reports whether lit is the function of a go statement; outer is
// the stack above lit.
func inGo(lit *ast.FuncLit, outer []ast.Node) bool {
	if len(outer) < 2 {
		return false
	}
	call, ok := outer[len(outer)-1].(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) != lit {
		return false
	}
	g, ok := outer[len(outer)-2].(*ast.GoStmt)
	return ok && g.Call == call
}

// blockingArg reports whether lit is an argument of executor.SpawnBlocking.
func blockingArg(info *types.Info, lit *ast.FuncLit, outer []ast.Node) bool {
	if len(outer) < 1 {
		return false
	}
	call, ok := outer[len(outer)-1].(*ast.CallExpr)
	if !ok || !model.IsFunc(model.Callee(info, call), model.ExecutorPath, "SpawnBlocking") {
		return false
	}
	for _, a := range call.Args {
		if ast.Unparen(a) == lit {
			return true
		}
	}
	return false
}
