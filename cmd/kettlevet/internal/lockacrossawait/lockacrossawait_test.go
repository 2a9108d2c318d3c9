package lockacrossawait_test

import (
	"testing"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/lockacrossawait"
	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/vettest"
)

func TestAnalyzer(t *testing.T) {
	vettest.Run(t, lockacrossawait.Analyzer, "lockacrossawait", "unusual")
}
