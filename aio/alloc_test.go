package aio_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// TestPollAllocs: polling a ReadExact or WriteAll future, Pending steps
// and progress alike, allocates nothing once the future exists.
func TestPollAllocs(t *testing.T) {
	cx := future.NewContext(waker.Noop())
	data := pattern(1 << 16)
	p := make([]byte, len(data))
	rf := aio.ReadExact(newChunkReader(data, 11, 64), p)
	require.Zero(t, testing.AllocsPerRun(100, func() { rf.Poll(cx) }))
	rf.Drop()
	w := newChunkWriter(12, 64)
	w.got = make([]byte, 0, len(data))
	wf := aio.WriteAll(w, data)
	require.Zero(t, testing.AllocsPerRun(100, func() { wf.Poll(cx) }))
	wf.Drop()
}
