package blocking_test

import (
	"testing"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/blocking"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/vettest"
)

func TestAnalyzer(t *testing.T) {
	vettest.Run(t, blocking.Analyzer, "blocking", "unusual")
}
