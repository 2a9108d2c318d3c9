package executor_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/timer"
)

// TestVirtualMaxSleepCompletes: Sleep(math.MaxInt64) on a Local under a
// virtual clock completes at once in real time (the clock jumps ~292
// years) instead of spinning forever.
func TestVirtualMaxSleepCompletes(t *testing.T) {
	vc := timer.NewVirtualClock(jsEpoch)
	ex := executor.NewLocal(executor.Clock(vc))
	defer func() { require.NoError(t, ex.Close()) }()
	done := make(chan error, 1)
	go func() {
		_, err := executor.Run(ex, timer.Sleep(math.MaxInt64))
		done <- err
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Sleep(math.MaxInt64) did not complete under a virtual clock")
	}
	require.False(t, vc.Now().Before(jsEpoch.Add(math.MaxInt64)))
}
