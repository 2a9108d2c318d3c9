package unawaited_test

import (
	"testing"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/unawaited"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/vettest"
)

func TestAnalyzer(t *testing.T) {
	vettest.Run(t, unawaited.Analyzer, "unawaited", "unusual")
}
