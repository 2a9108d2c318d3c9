//go:build linux

package executor

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
)

func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents)
}

// TestUnreachableLocalReleasesDescriptors: a Local that did I/O (its
// reactor is open: two descriptors) and is dropped without Close gives
// its descriptors back once collected.
func TestUnreachableLocalReleasesDescriptors(t *testing.T) {
	before := openFDs(t)
	func() {
		l := NewLocal()
		_, err := l.io.Get() // what the first I/O future does
		require.NoError(t, err)
		v, err := Run(l, future.Value(5))
		require.NoError(t, err)
		require.Equal(t, 5, v)
		require.Equal(t, before+2, openFDs(t))
	}()
	after := openFDs(t)
	for i := 0; i < 100 && after != before; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
		after = openFDs(t)
	}
	require.Equal(t, before, after, "the unreachable Local's reactor was closed")
}

// TestClosedLocalCancelsCleanup: Close releases everything itself.
func TestClosedLocalCancelsCleanup(t *testing.T) {
	before := openFDs(t)
	l := NewLocal()
	_, err := l.io.Get()
	require.NoError(t, err)
	require.NoError(t, l.Close())
	require.Equal(t, before, openFDs(t))
	runtime.GC()
}
