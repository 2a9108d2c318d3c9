package main

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// capture runs f with os.Stdout redirected and returns what it printed.
func capture(t *testing.T, f func() error) string {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	old := os.Stdout
	os.Stdout = w
	done := make(chan []byte)
	go func() { b, _ := io.ReadAll(r); done <- b }()
	runErr := f()
	os.Stdout = old
	require.NoError(t, w.Close())
	out := <-done
	require.NoError(t, runErr)
	return string(out)
}

func TestEveryStageRuns(t *testing.T) {
	for _, s := range stages {
		t.Run(s.name, func(t *testing.T) {
			out := capture(t, func() error { return s.run(7) })
			require.NotEmpty(t, out)
		})
	}
}

func TestDeadlockStageNamesTasksAndMutexes(t *testing.T) {
	out := capture(t, func() error { return deadlock(7) })
	require.Contains(t, out, `task "cook eggs" waits on mutex.Lock of "pan" held by task "fry bacon"`)
	require.Contains(t, out, `task "fry bacon" waits on mutex.Lock of "spoon" held by task "cook eggs"`)
}

func TestStagesAreDeterministic(t *testing.T) {
	for _, s := range stages {
		a := capture(t, func() error { return s.run(3) })
		b := capture(t, func() error { return s.run(3) })
		require.Equal(t, a, b, "stage %s must replay from its seed", s.name)
	}
}

func TestFixNeverDeadlocks(t *testing.T) {
	out := capture(t, func() error { return fix(1) })
	require.True(t, bytes.Contains([]byte(out), []byte("8 of 8 schedules made breakfast")), out)
}

func TestLivelockIsStopped(t *testing.T) {
	out := capture(t, func() error { return livelock(0) })
	require.Contains(t, out, "poll limit exceeded")
}
