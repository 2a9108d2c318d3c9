package phase_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/internal/phase"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type card struct{}

func TestCheck(t *testing.T) {
	f := &card{}
	require.NotPanics(t, func() { phase.Fresh.Check(f); phase.Waiting.Check(f) })
	require.PanicsWithValue(t, "*phase_test.card polled after completion", func() { phase.Done.Check(f) })
	require.PanicsWithValue(t, "*phase_test.card polled after Drop", func() { phase.Dropped.Check(f) })
}

func TestCheckLive(t *testing.T) {
	f := &card{}
	require.NotPanics(t, func() { phase.Live.CheckLive(f) })
	require.PanicsWithValue(t, "*phase_test.card polled after completion", func() { phase.Idle.CheckLive(f) })
	require.PanicsWithValue(t, "*phase_test.card polled after completion", func() { phase.Done.CheckLive(f) })
	require.PanicsWithValue(t, "*phase_test.card polled after Drop", func() { phase.Dropped.CheckLive(f) })
}

func TestDrop(t *testing.T) {
	for _, tc := range []struct {
		from, to phase.Phase
		release  bool
	}{
		{phase.Fresh, phase.Dropped, false},
		{phase.Waiting, phase.Dropped, true},
		{phase.Done, phase.Done, false},
		{phase.Dropped, phase.Dropped, false},
	} {
		p := tc.from
		require.Equal(t, tc.release, p.Drop(), "from %d", tc.from)
		require.Equal(t, tc.to, p, "from %d", tc.from)
	}
}

func TestPolled(t *testing.T) {
	f := &card{}
	require.PanicsWithValue(t, "*phase_test.card polled after Drop", func() { phase.Polled(f, true) })
	require.PanicsWithValue(t, "*phase_test.card polled after completion", func() { phase.Polled(f, false) })
}
