package main

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestHelloOutput runs main and checks the story it tells: the joined
// tasks finish, the select's loser is dropped (its defer runs), breakfast
// is served, and the output is the same on every run (FIFO, no seed).
func TestHelloOutput(t *testing.T) {
	run := func() string {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		old := os.Stdout
		os.Stdout = w
		done := make(chan string)
		go func() { b, _ := io.ReadAll(r); done <- string(b) }()
		main()
		os.Stdout = old
		require.NoError(t, w.Close())
		return <-done
	}
	out := run()
	require.Contains(t, out, `join: "boil water done" and "toast bread done"`)
	require.Contains(t, out, "stir: put away", "the dropped select branch runs its defer")
	require.True(t, strings.HasSuffix(strings.TrimSpace(out), "breakfast is ready <nil>"), out)
	require.Equal(t, out, run(), "the output is deterministic")
}
