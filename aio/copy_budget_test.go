package aio_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
)

// readyReader is always ready with one byte, n times, then ends; it never
// spends budget itself (a hand-written source that is always ready).
type readyReader struct{ n, reads int }

func (r *readyReader) PollRead(_ *future.Context, p []byte) future.Poll[future.Result[int]] {
	r.reads++
	if r.n == 0 {
		return future.Ready(future.Ok(0))
	}
	r.n--
	p[0] = 1
	return future.Ready(future.Ok(1))
}

// sink accepts everything at once.
type sink struct{ n int }

func (s *sink) PollWrite(_ *future.Context, p []byte) future.Poll[future.Result[int]] {
	s.n += len(p)
	return future.Ready(future.Ok(len(p)))
}

func TestCopySpendsBudget(t *testing.T) {
	src, dst := &readyReader{n: 1000}, &sink{}
	var wc wakeCount
	cx := future.NewContext(waker.New(&wc))
	taskcx.Of(cx).Budget = 10
	f := aio.Copy(dst, src)
	require.False(t, f.Poll(cx).IsReady(), "the budget runs out before the source does")
	require.Equal(t, 10, src.reads, "one unit per read")
	require.EqualValues(t, 1, wc.n, "the task was woken to run again")
	taskcx.Of(cx).Budget = -1
	r, ok := f.Poll(cx).Get()
	require.True(t, ok)
	require.NoError(t, r.Err)
	require.EqualValues(t, 1000, r.Value)
	require.Equal(t, 1000, dst.n)
}
