package model

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Callee returns the function or method a call invokes (the generic origin
// for an instantiation, the interface method for a dynamic call), or nil
// for a builtin, a conversion or a call of a function value.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn == nil {
		return nil
	}
	return fn.Origin()
}

// IsFunc reports whether fn is the package-level function path.name.
func IsFunc(fn *types.Func, path, name string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Name() != name || fn.Pkg().Path() != path {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() == nil
}

// Recv returns the type of fn's receiver, or nil for a function.
func Recv(fn *types.Func) types.Type {
	if fn == nil {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	return sig.Recv().Type()
}

// IsAwait reports whether call is future.Await(co, f).
func IsAwait(info *types.Info, call *ast.CallExpr) bool {
	return IsFunc(Callee(info, call), FuturePath, "Await")
}

// IsAwaitPoint reports whether call may suspend the async block it runs
// in: future.Await, or a call of another async function, whose first
// argument is the block's *future.Co.
func IsAwaitPoint(info *types.Info, call *ast.CallExpr) bool {
	if IsAwait(info, call) {
		return true
	}
	return len(call.Args) > 0 && IsCo(info.TypeOf(call.Args[0]))
}

// IsAsync reports whether a function with type ft is async code: its
// first parameter is a *future.Co (named or not).
func IsAsync(info *types.Info, ft *ast.FuncType) bool {
	if ft == nil || ft.Params == nil || len(ft.Params.List) == 0 {
		return false
	}
	return IsCo(info.TypeOf(ft.Params.List[0].Type))
}

// IsPollFunc reports whether a function with type ft polls: its first
// parameter is a *future.Context and its single result a future.Poll[T]
// (a Poll method, a PollFn closure, an aio PollRead).
func IsPollFunc(info *types.Info, ft *ast.FuncType) bool {
	if ft == nil || ft.Params == nil || len(ft.Params.List) == 0 || ft.Results == nil || len(ft.Results.List) != 1 {
		return false
	}
	r := ft.Results.List[0]
	if len(r.Names) > 1 {
		return false
	}
	return IsContext(info.TypeOf(ft.Params.List[0].Type)) && isPollType(info.TypeOf(r.Type))
}

// MayReturn is the cfg.New callback: false for calls that never return
// (panic, os.Exit, log.Fatal, runtime.Goexit, t.Fatal and friends).
func MayReturn(info *types.Info) func(*ast.CallExpr) bool {
	return func(call *ast.CallExpr) bool {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
				return false
			}
		}
		fn := Callee(info, call)
		if fn == nil || fn.Pkg() == nil {
			return true
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "os.Exit", "runtime.Goexit", "log.Fatal", "log.Fatalf", "log.Fatalln",
			"log.Panic", "log.Panicf", "log.Panicln":
			return false
		case "testing.Fatal", "testing.Fatalf", "testing.FailNow",
			"testing.Skip", "testing.Skipf", "testing.SkipNow":
			return false
		}
		return true
	}
}
