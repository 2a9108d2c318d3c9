package stream_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/timer"
)

var epoch = time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)

// TestFromIntervalTicks: the stream yields each tick's scheduled time,
// Take bounds it, and dropping it takes the Interval's timer out of the
// executor's wheel (the run then ends instead of waiting for a tick).
func TestFromIntervalTicks(t *testing.T) {
	vc := timer.NewVirtualClock(epoch)
	ex := executor.NewLocal(executor.Clock(vc))
	defer ex.Close()
	iv := timer.NewInterval(time.Second)
	ticks, err := executor.Run(ex, stream.Collect(stream.Take(stream.FromInterval(iv), 3)))
	require.NoError(t, err)
	require.Equal(t, []time.Time{epoch, epoch.Add(time.Second), epoch.Add(2 * time.Second)}, ticks)
	require.Equal(t, 0, ex.Metrics().TimersArmed, "Take dropped the stream and so the Interval's timer")
}

func TestFromIntervalDropAndNil(t *testing.T) {
	s := stream.FromInterval(timer.NewInterval(time.Millisecond))
	d := s.(interface{ Drop() })
	d.Drop()
	d.Drop() // twice: a no-op
	require.PanicsWithValue(t, "stream.FromInterval: nil interval", func() { stream.FromInterval(nil) })
}
