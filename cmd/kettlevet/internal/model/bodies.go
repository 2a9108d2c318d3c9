package model

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// Func is one function with a body: a declaration or a literal.
type Func struct {
	Node ast.Node // *ast.FuncDecl or *ast.FuncLit
	Type *ast.FuncType
	Body *ast.BlockStmt
	Test bool // declared in a _test.go file
}

// Funcs calls fn for every function with a body in the package, in
// source order, skipping the files Skip skips.
func Funcs(pass *analysis.Pass, ins *inspector.Inspector, tests bool, fn func(Func)) {
	skip := map[*token.File]bool{}
	test := map[*token.File]bool{}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		skip[tf] = Skip(pass, f, tests)
		test[tf] = IsTestFile(pass.Fset, f)
	}
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		tf := pass.Fset.File(n.Pos())
		if skip[tf] {
			return
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				fn(Func{Node: n, Type: n.Type, Body: n.Body, Test: test[tf]})
			}
		case *ast.FuncLit:
			if n.Body != nil {
				fn(Func{Node: n, Type: n.Type, Body: n.Body, Test: test[tf]})
			}
		}
	})
}
