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
	tf := fset.File(file.Pos())
	return tf != nil && strings.HasSuffix(tf.Name(), "_test.go")
}

// Reporter reports an analyzer's diagnostics, each message prefixed with
// the analyzer's name (vet's plain output does not name the check), and
// drops those that an ignore directive covers.
//
// The line directive is a line comment, alone on the line before the
// reported line or at the end of the reported line:
//
//	//kettlevet:ignore blocking the demonstration of the hazard
//
// The file directive, anywhere in a file, covers the whole file:
//
//	//kettlevet:file-ignore blocking a corpus that blocks on purpose
//
// Both name one analyzer or several separated by commas; a reason should
// follow. They are for code that is wrong on purpose (an example that
// shows the hazard, a test corpus), not for false positives, which are the
// analyzer's bugs.
type Reporter struct {
	pass   *analysis.Pass
	ignore map[ignoreKey]bool // line 0: the whole file
}

type ignoreKey struct {
	file *token.File
	line int
}

// The comment prefixes that silence a check on a line or in a file.
const (
	IgnoreDirective     = "//kettlevet:ignore "
	FileIgnoreDirective = "//kettlevet:file-ignore "
)

// NewReporter returns the reporter for pass, having read the ignore
// directives of its files.
func NewReporter(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass, ignore: map[ignoreKey]bool{}}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				var rest string
				file := strings.HasPrefix(c.Text, FileIgnoreDirective)
				switch {
				case file:
					rest = strings.TrimPrefix(c.Text, FileIgnoreDirective)
				case strings.HasPrefix(c.Text, IgnoreDirective):
					rest = strings.TrimPrefix(c.Text, IgnoreDirective)
				default:
					continue
				}
				if !names(rest, pass.Analyzer.Name) {
					continue
				}
				line := 0
				if !file {
					line = tf.Line(c.Pos())
					if alone(pass, tf, c.Pos()) {
						line++
					}
				}
				r.ignore[ignoreKey{tf, line}] = true
			}
		}
	}
	return r
}

// names reports whether the first word of a directive's text names the
// analyzer.
func names(text, analyzer string) bool {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return false
	}
	for _, name := range strings.Split(fields[0], ",") {
		if name == analyzer {
			return true
		}
	}
	return false
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
		if tf != nil && (r.ignore[ignoreKey{tf, 0}] || r.ignore[ignoreKey{tf, tf.Line(rng.Pos())}]) {
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
