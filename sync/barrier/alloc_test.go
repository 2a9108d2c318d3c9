package barrier_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/barrier"
	"github.com/kettle-rt/kettle/waker"
)

// TestAllocs: a Wait costs one allocation; a generation allocates nothing
// more.
func TestAllocs(t *testing.T) {
	b := barrier.New(2)
	cx := future.NewContext(waker.Noop())
	require.Equal(t, 2.0, testing.AllocsPerRun(100, func() {
		f := b.Wait()
		f.Poll(cx)
		b.Wait().Poll(cx)
		f.Poll(cx)
	}))
}
