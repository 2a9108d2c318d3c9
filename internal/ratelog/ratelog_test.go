package ratelog

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestAllowOncePerInterval(t *testing.T) {
	l := New(time.Second)
	now := time.Unix(1000, 0)
	l.now = func() time.Time { return now }

	ok, n := l.Allow()
	require.True(t, ok)
	require.Zero(t, n)
	for range 5 {
		ok, _ = l.Allow()
		require.False(t, ok)
	}
	now = now.Add(999 * time.Millisecond)
	ok, _ = l.Allow()
	require.False(t, ok, "still inside the interval")
	now = now.Add(time.Millisecond)
	ok, n = l.Allow()
	require.True(t, ok)
	require.Equal(t, 6, n, "the refused reports are counted")
	now = now.Add(time.Hour)
	ok, n = l.Allow()
	require.True(t, ok)
	require.Zero(t, n, "the count was reset")
}

func TestAllowConcurrent(t *testing.T) {
	l := New(time.Hour)
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if ok, _ := l.Allow(); ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	require.Equal(t, 1, allowed)
	require.Equal(t, 799, l.suppressed)
}

func TestSuffix(t *testing.T) {
	require.Equal(t, "", Suffix(0))
	require.Equal(t, " (1 similar suppressed)", Suffix(1))
	require.Equal(t, " (1234 similar suppressed)", Suffix(1234))
}

func TestNewPanics(t *testing.T) {
	require.PanicsWithValue(t, "ratelog.New: interval must be positive", func() { New(0) })
}
