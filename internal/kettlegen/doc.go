// Package kettlegen is the compiler behind cmd/kettlegen: it lowers Go
// functions marked //kettle:async (first parameter co *future.Co) into
// state machines that implement future.Future and future.Dropper, with the
// semantics of the coroutine form future.Async(func(co) T { return f(co, ...) }).
//
// The pipeline, one file per stage:
//
//   - load.go: go list (export data of the dependencies) and go/types for
//     the target packages; the generated file is left out (or replaced by
//     stubs) so a stale one never blocks regeneration.
//   - analyze.go: finds async functions, validates them (goto, select, co
//     escaping, recursion, ...), marks the statements and expressions that
//     contain a suspension point (an Await or a call of another async
//     function), and decides for every local whether it becomes a field of
//     the machine (it is live across a suspension point), a heap cell (a
//     field whose address escapes or that a closure captures, so Go 1.22
//     per-iteration semantics and sharing hold) or stays a Go local.
//   - flatten.go: hoists suspension points out of expressions into
//     temporaries, keeping Go's left-to-right order of calls and
//     short-circuit evaluation.
//   - lower.go: turns structured control flow that contains suspension
//     points into basic blocks of a `for { switch state { ... } }` dispatch;
//     statements without suspension points are printed as ordinary Go.
//   - rewrite.go: rewrites identifiers, returns, branches, defers and
//     recover() inside printed statements.
//   - emit.go: the struct, its constructor, Poll and Drop; imports.go: the
//     generated file's imports.
//
// Defers run from a future.GenDefers list; a nested async call becomes a
// field holding the callee's machine (no allocation).
package kettlegen
