// Package vettest holds what the analyzers' tests share: the testdata
// corpus of stub Kettle packages and test packages, and the call that runs
// an analyzer on it.
package vettest

import (
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Dir returns the absolute path of the shared GOPATH-style testdata tree,
// cmd/kettlevet/internal/testdata.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata")
}

// Run runs a on the testdata packages pkgs and checks its diagnostics
// against their // want comments.
func Run(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	return analysistest.Run(t, Dir(), a, pkgs...)
}
