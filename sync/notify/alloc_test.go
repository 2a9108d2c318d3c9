package notify_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/notify"
	"github.com/kettle-rt/kettle/waker"
)

// TestAllocs: a Notified costs one allocation; waiting, NotifyOne and
// NotifyWaiters allocate nothing more.
func TestAllocs(t *testing.T) {
	n := notify.New()
	cx := future.NewContext(waker.Noop())
	require.Equal(t, 2.0, testing.AllocsPerRun(100, func() {
		a, b := n.Notified(), n.Notified()
		a.Poll(cx)
		b.Poll(cx)
		n.NotifyOne()
		a.Poll(cx)
		n.NotifyWaiters()
		b.Poll(cx)
	}))
}
