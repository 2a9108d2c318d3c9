package workloads_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/bench/workloads"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestAllTiny runs every workload with its tiny size on every contender:
// each run checks its own result (sums, counts, echoes) and the value must
// be a sane, non-negative number.
func TestAllTiny(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	for _, w := range workloads.All() {
		t.Run(w.Name, func(t *testing.T) {
			for _, c := range workloads.Contenders() {
				v, err := workloads.Measure(w, c, w.Sizes.Tiny, procs)
				require.NoError(t, err, "%s on %s", w.Name, c)
				require.GreaterOrEqual(t, v, 0.0, "%s on %s", w.Name, c)
				require.Equal(t, procs, runtime.GOMAXPROCS(0), "GOMAXPROCS restored")
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range workloads.All() {
		require.False(t, seen[w.Name], "duplicate %s", w.Name)
		seen[w.Name] = true
		require.NotEmpty(t, w.Doc)
		require.NotEmpty(t, w.Unit)
		require.NotNil(t, w.Kettle)
		require.NotNil(t, w.Goroutines)
		require.True(t, w.Sizes.Tiny > 0 && w.Sizes.Tiny <= w.Sizes.Quick && w.Sizes.Quick <= w.Sizes.Full, w.Name)
		got, ok := workloads.Lookup(w.Name)
		require.True(t, ok)
		require.Equal(t, w.Name, got.Name)
	}
	_, ok := workloads.Lookup("no_such_workload")
	require.False(t, ok)
	require.Len(t, workloads.Contenders(), 4)
	require.Equal(t, "kettle-local", workloads.KettleLocal.String())
	require.Equal(t, "go-pall", workloads.GoroutinesAll.String())
	require.True(t, workloads.KettleMulti.IsKettle())
	require.False(t, workloads.GoroutinesOne.IsKettle())
}

func TestSkynetRejectsNonPowerOf10(t *testing.T) {
	w, ok := workloads.Lookup("skynet")
	require.True(t, ok)
	_, err := workloads.Measure(w, workloads.GoroutinesOne, 12, 1)
	require.ErrorIs(t, err, workloads.ErrBadSize)
	require.ErrorContains(t, err, "power of 10")
	for _, name := range []string{"parked_memory", "timers"} {
		w, _ := workloads.Lookup(name)
		_, err := w.Goroutines(0)
		require.ErrorIs(t, err, workloads.ErrBadSize, name)
	}
}

func TestMeasureBadProcs(t *testing.T) {
	w, _ := workloads.Lookup("spawn_join")
	require.PanicsWithValue(t, "workloads.Measure: procs < 1", func() {
		_, _ = workloads.Measure(w, workloads.KettleLocal, 1, 0)
	})
}
