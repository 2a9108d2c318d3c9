package blocking

import (
	"time"

	"github.com/kettle-rt/kettle/future"
)

type hazard struct{}

func (hazard) Poll(cx *future.Context) future.Poll[int] {
	//kettlevet:ignore blocking the demonstration of the hazard
	time.Sleep(time.Millisecond)
	time.Sleep(time.Millisecond) //kettlevet:ignore unawaited,blocking same line
	time.Sleep(time.Millisecond) //kettlevet:ignore unawaited another analyzer // want `blocking: time.Sleep`
	return future.Ready(1)
}
