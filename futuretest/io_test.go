package futuretest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/net/tcp"
)

// TestUnsupportedRealIO: a body that does real I/O inside an exploration
// is refused with an error naming the task and the operation, rather than
// explored with readiness the schedule cannot control.
func TestUnsupportedRealIO(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	f := futuretest.Find(futuretest.Random(1, 1), func(tr *futuretest.Trial) error {
		// Dial polls a socket under the trial's executor; nothing accepts,
		// but the connect to a listening port completes in the kernel.
		r, err := futuretest.Run(tr, future.Future[future.Result[*tcp.Stream]](tcp.Dial(ln.Addr().String())))
		if err == nil && r.Err == nil {
			r.Value.Close()
		}
		return nil
	}).Failure
	require.NotNil(t, f)
	require.ErrorIs(t, f.Err, futuretest.ErrUnsupported)
	require.Contains(t, f.Err.Error(), `task "main" did real I/O`)
}
