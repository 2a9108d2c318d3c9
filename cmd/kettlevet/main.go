package main

import (
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/blocking"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/foreignco"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/lockacrossawait"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/unawaited"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/unreleased"
)

// analyzers are kettlevet's checks, in the order the package doc lists
// them.
var analyzers = []*analysis.Analyzer{
	unawaited.Analyzer,
	lockacrossawait.Analyzer,
	blocking.Analyzer,
	foreignco.Analyzer,
	unreleased.Analyzer,
}

func main() {
	if vetProtocol(os.Args[1:]) {
		unitchecker.Main(analyzers...) // never returns
	}
	multichecker.Main(analyzers...)
}

// vetProtocol reports whether go vet is driving the tool: it asks for the
// version (-V=full) or the flags (-flags), or hands over one package as a
// unit.cfg file.
func vetProtocol(args []string) bool {
	for _, a := range args {
		if a == "-V=full" || a == "--V=full" || a == "-flags" || a == "--flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
