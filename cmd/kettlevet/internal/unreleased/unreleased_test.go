package unreleased_test

import (
	"testing"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/unreleased"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/vettest"
)

func TestAnalyzer(t *testing.T) {
	vettest.Run(t, unreleased.Analyzer, "unreleased", "unusual")
}
