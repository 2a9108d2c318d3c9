package watch_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind. The hand poll
// driver these tests share lives in internal/polltest.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
