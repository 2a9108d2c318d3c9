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

// Reporter reports an analyzer's diagnostics, each message prefixed with
// the analyzer's name (vet's plain output does not name the check), and
// drops those that an ignore directive covers.
//
// The directive is a line comment, alone on the line before the reported
// line or at the end of the reported line:
//
//	//kettlevet:ignore blocking the demonstration of the hazard
//
// It names one analyzer or several separated by commas; a reason should
// follow. It is for code that is wrong on purpose (an example that shows
// the hazard), not for false positives, which are the analyzer's bugs.
type Reporter struct {
	pass   *analysis.Pass
	ignore map[ignoreKey]bool
}

type ignoreKey struct {
	file *token.File
	line int
}

// IgnoreDirective is the comment prefix that silences a check on a line.
const IgnoreDirective = "//kettlevet:ignore "

// NewReporter returns the reporter for pass, having read the ignore
// directives of its files.
func NewReporter(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass, ignore: map[ignoreKey]bool{}}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, IgnoreDirective) {
					continue
				}
				names := strings.Fields(strings.TrimPrefix(c.Text, IgnoreDirective))
				if len(names) == 0 {
					continue
				}
				for _, name := range strings.Split(names[0], ",") {
					if name != pass.Analyzer.Name {
						continue
					}
					line := tf.Line(c.Pos())
					if alone(pass, tf, c.Pos()) {
						line++
					}
					r.ignore[ignoreKey{tf, line}] = true
				}
			}
		}
	}
	return r
}

// alone reports whether only blanks precede the comment at pos on its
// line.
func alone(pass *analysis.Pass, tf *token.File, pos token.Pos) bool {
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return false
	}
	start, end := tf.Offset(tf.LineStart(tf.Line(pos))), tf.Offset(pos)
	if start < 0 || end > len(src) || start > end {
		return false
	}
	return strings.TrimSpace(string(src[start:end])) == ""
}

// Report reports a diagnostic at rng unless an ignore directive covers
// its line.
func (r *Reporter) Report(rng analysis.Range, related []analysis.RelatedInformation, format string, args ...any) {
	if len(r.ignore) > 0 {
		tf := r.pass.Fset.File(rng.Pos())
		if tf != nil && r.ignore[ignoreKey{tf, tf.Line(rng.Pos())}] {
			return
		}
	}
	r.pass.Report(analysis.Diagnostic{
		Pos:     rng.Pos(),
		End:     rng.End(),
		Message: r.pass.Analyzer.Name + ": " + fmt.Sprintf(format, args...),
		Related: related,
	})
}
