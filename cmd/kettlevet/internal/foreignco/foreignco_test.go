package foreignco_test

import (
	"testing"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/foreignco"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/vettest"
)

func TestAnalyzer(t *testing.T) {
	vettest.Run(t, foreignco.Analyzer, "foreignco", "unusual")
}
