package unreleased

import (
	"testing"

	"github.com/kettle-rt/kettle/sync/mutex"
)

// Tests hold guards on purpose, to make other tasks wait.
func TestHold(t *testing.T) {
	m := mutex.New(0)
	g, ok := m.TryLock()
	if !ok {
		t.Fatal("locked")
	}
	_ = *g.Value()
}
