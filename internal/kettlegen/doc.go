// Package kettlegen is the compiler behind cmd/kettlegen: it lowers Go
// functions marked //kettle:async (first parameter co *future.Co) into
// state machines that implement future.Future and future.Dropper, with the
// semantics of the coroutine form future.Async(func(co) T { return f(co, ...) }).
//
// The pipeline, one file per stage:
//
//   - load.go: go list (export data of the dependencies) and go/types for
//     the target packages; the generated file is left out (or replaced by
//     stubs, stubs in gen.go) so a stale one never blocks regeneration.
//   - gen.go: the driver. A package is compiled, and compiled again if
//     the lowering placed a Go local in more than one basic block (it is
//     then forced into a field); the result must type-check with the
//     package before anything is written.
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
//     points into basic blocks: braced blocks at the top level of Poll,
//     joined by falling through or by goto to their labels (never into a
//     block), with a switch on the saved state only where Poll resumes;
//     statements without suspension points are printed as ordinary Go.
//   - rewrite.go: rewrites identifiers, returns, branches, defers and
//     recover() inside printed statements.
//   - emit.go: the struct, its constructor, Poll and Drop; imports.go: the
//     generated file's imports; terminating.go: Go's terminating
//     statements, so nothing unreachable is emitted.
//
// An Await polls its future at once and stores it in the machine only if
// it is pending (the resumption polls it from there); a range over a
// function iterator whose body awaits goes through iter.Pull, its stop
// registered as a pending defer.
//
// Defers run from a future.GenDefers list; a nested async call becomes a
// field holding the callee's machine (no allocation).
package kettlegen
