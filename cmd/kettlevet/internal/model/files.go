package model

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Skip reports whether an analyzer leaves file alone: a generated file
// (marked "// Code generated ... DO NOT EDIT."), whose code a generator
// owns and a human cannot fix, or, when tests is false, a _test.go file.
func Skip(pass *analysis.Pass, file *ast.File, tests bool) bool {
	if ast.IsGenerated(file) {
		return true
	}
	if !tests && IsTestFile(pass.Fset, file) {
		return true
	}
	return false
}

// IsTestFile reports whether file is a _test.go file.
func IsTestFile(fset *token.FileSet, file *ast.File) bool {
	return strings.HasSuffix(fset.File(file.Pos()).Name(), "_test.go")
}

// Report reports a diagnostic at rng whose message starts with the
// analyzer's name, so that vet's plain output says which check spoke.
func Report(pass *analysis.Pass, rng analysis.Range, related []analysis.RelatedInformation, format string, args ...any) {
	pass.Report(analysis.Diagnostic{
		Pos:     rng.Pos(),
		End:     rng.End(),
		Message: pass.Analyzer.Name + ": " + fmt.Sprintf(format, args...),
		Related: related,
	})
}
