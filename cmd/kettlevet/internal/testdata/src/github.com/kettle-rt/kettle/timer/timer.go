// Package timer is a stub of Kettle's timer package for kettlevet's tests.
package timer

import (
	"time"

	"github.com/kettle-rt/kettle/future"
)

type SleepFuture struct{}

func (s *SleepFuture) Poll(cx *future.Context) future.Poll[future.Unit] {
	return future.Pending[future.Unit]()
}
func (s *SleepFuture) Drop() {}

func Sleep(d time.Duration) *SleepFuture { return nil }
