package blocking

import (
	"testing"
	"time"

	"github.com/kettle-rt/kettle/future"
)

type slowPoll struct{}

// Tests block inside polls on purpose (to trip the blocking detector).
func (slowPoll) Poll(cx *future.Context) future.Poll[int] {
	time.Sleep(time.Millisecond)
	return future.Ready(1)
}

func TestSlow(t *testing.T) { _ = slowPoll{} }
