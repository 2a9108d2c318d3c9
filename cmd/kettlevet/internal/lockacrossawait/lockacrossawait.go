package lockacrossawait

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/model"
)

//go:embed doc.go
var doc string

// Analyzer reports sync mutexes held across await points.
var Analyzer = &analysis.Analyzer{
	Name:     "lockacrossawait",
	Doc:      model.DocText(doc),
	URL:      "https://pkg.go.dev/github.com/kettle-rt/kettle/cmd/kettlevet/internal/lockacrossawait",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// lock identifies a held lock: the receiver's text and the mode.
type lock struct {
	recv string
	read bool // RLock, as opposed to Lock
}

func (l lock) describe() string {
	if l.read {
		return "sync.RWMutex " + l.recv + " (read-locked)"
	}
	return "sync mutex " + l.recv
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := model.NewReporter(pass)
	model.Funcs(pass, ins, true, func(f model.Func) {
		if model.IsAsync(pass.TypesInfo, f.Type) && mentionsLock(pass.TypesInfo, f.Body) {
			check(pass, r, f.Body)
		}
	})
	return nil, nil
}

// mentionsLock is the cheap filter: does body lock a sync mutex at all?
func mentionsLock(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	visit(info, body, func(call *ast.CallExpr) {
		if _, op := lockOp(info, call); op == opLock {
			found = true
		}
	})
	return found
}

type op uint8

const (
	opNone op = iota
	opLock
	opUnlock
)

// lockOp classifies a call as locking or unlocking a sync mutex.
func lockOp(info *types.Info, call *ast.CallExpr) (lock, op) {
	fn := model.Callee(info, call)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if fn == nil || !ok {
		return lock{}, opNone
	}
	if !model.IsNamed(model.Recv(fn), "sync", "Mutex") && !model.IsNamed(model.Recv(fn), "sync", "RWMutex") {
		return lock{}, opNone
	}
	recv := receiver(sel.X)
	switch fn.Name() {
	case "Lock":
		return lock{recv, false}, opLock
	case "RLock":
		return lock{recv, true}, opLock
	case "Unlock":
		return lock{recv, false}, opUnlock
	case "RUnlock":
		return lock{recv, true}, opUnlock
	}
	return lock{}, opNone
}

// receiver returns the text that names a lock: &mu and mu are one lock.
func receiver(x ast.Expr) string {
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	return types.ExprString(x)
}

// visit calls fn for each call evaluated by n on the spot, in source
// order: not in function literals, go statements or defer statements (a
// deferred Unlock runs at return, so the lock stays held until then).
func visit(info *types.Info, n ast.Node, fn func(*ast.CallExpr)) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			fn(n)
		}
		return true
	})
}

func check(pass *analysis.Pass, r *model.Reporter, body *ast.BlockStmt) {
	info := pass.TypesInfo
	g := cfg.New(body, model.MayReturn(info))
	step := func(b *cfg.Block, held model.Facts, await func(*ast.CallExpr, model.Facts)) model.Facts {
		for _, n := range b.Nodes {
			visit(info, n, func(call *ast.CallExpr) {
				if l, op := lockOp(info, call); op == opLock {
					held[l] = call.Pos()
				} else if op == opUnlock {
					delete(held, l)
				} else if await != nil && model.IsAwaitPoint(info, call) {
					await(call, held)
				}
			})
		}
		return held
	}
	in := model.Forward(g, func(b *cfg.Block, held model.Facts) model.Facts {
		return step(b, held, nil)
	}, nil)
	for _, b := range g.Blocks {
		if in[b.Index] == nil || !b.Live {
			continue
		}
		step(b, in[b.Index].Clone(), func(call *ast.CallExpr, held model.Facts) {
			for _, k := range held.Keys() {
				l := k.(lock)
				at := held[k]
				r.Report(call, []analysis.RelatedInformation{{Pos: at, Message: "locked here"}},
					"%s is held across an await point (locked on line %d): unlock it before awaiting, or use sync/mutex, whose Lock is a future",
					l.describe(), pass.Fset.Position(at).Line)
			}
		})
	}
}
