package aio_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
)

func TestDuplexBothWays(t *testing.T) {
	a, b := aio.Duplex(8)
	data := bytes.Repeat([]byte("kettle!"), 100) // 700 bytes through an 8-byte pipe
	ex := exectest.New(t)
	w := executor.Spawn(ex, future.Async(func(co *future.Co) error {
		if err := future.Await(co, aio.WriteAll(a, data)); err != nil {
			return err
		}
		return a.Close()
	}))
	got := exectest.RunOn(t, ex, aio.ReadToEnd(b))
	require.NoError(t, got.Err)
	require.Equal(t, data, got.Value)
	r := exectest.RunOn(t, ex, future.Future[future.Result[error]](w))
	require.NoError(t, r.Err)
	require.NoError(t, r.Value)

	// a closed both of its directions: b's writes and a's reads fail.
	require.ErrorIs(t, exectest.RunOn(t, ex, aio.WriteAll(b, []byte("x"))), io.ErrClosedPipe)
	rr := exectest.RunOn(t, ex, a.Read(make([]byte, 4)))
	require.ErrorIs(t, rr.Err, io.ErrClosedPipe)
}

func TestDuplexPendingAndWakes(t *testing.T) {
	a, b := aio.Duplex(4)
	var wc wakeCount
	cx := future.NewContext(waker.New(&wc))
	p := make([]byte, 10)
	require.False(t, b.PollRead(cx, p).IsReady(), "empty: pending")
	r, _ := a.PollWrite(cx, []byte("hello")).Get()
	require.Equal(t, 4, r.Value, "only maxBuf bytes fit")
	require.EqualValues(t, 1, wc.n, "the reader was woken")
	require.False(t, a.PollWrite(cx, []byte("o")).IsReady(), "full: pending")
	r, _ = b.PollRead(cx, p).Get()
	require.Equal(t, "hell", string(p[:r.Value]))
	require.EqualValues(t, 2, wc.n, "the writer was woken")
	require.NoError(t, a.Close())
	require.NoError(t, a.Close())
	r, ok := b.PollRead(cx, p).Get()
	require.True(t, ok)
	require.Equal(t, future.Ok(0), r, "peer closed: end of stream")
	r, _ = b.PollWrite(cx, []byte("x")).Get()
	require.ErrorIs(t, r.Err, io.ErrClosedPipe, "peer closed: writes fail")
}

func TestDuplexSpendsBudget(t *testing.T) {
	a, b := aio.Duplex(1 << 10)
	var wc wakeCount
	cx := future.NewContext(waker.New(&wc))
	taskcx.Of(cx).Budget = 1
	require.True(t, a.PollWrite(cx, []byte("x")).IsReady())
	require.False(t, b.PollRead(cx, make([]byte, 1)).IsReady(), "budget spent: yields")
	require.EqualValues(t, 1, wc.n)
}

func TestDuplexBadInput(t *testing.T) {
	require.PanicsWithValue(t, "aio.Duplex: maxBuf = 0, want maxBuf >= 1", func() { aio.Duplex(0) })
	require.PanicsWithValue(t, "aio.ReadToEnd: nil Reader", func() { aio.ReadToEnd(nil) })
}

func TestReadToEndChunksAndErrors(t *testing.T) {
	data := bytes.Repeat([]byte{1, 2, 3}, 1000)
	r := exectest.Block(t, aio.ReadToEnd(newChunkReader(data, 1, 100)))
	require.NoError(t, r.Err)
	require.Equal(t, data, r.Value)

	empty := exectest.Block(t, aio.ReadToEnd(newChunkReader(nil, 2, 10)))
	require.NoError(t, empty.Err)
	require.NotNil(t, empty.Value)
	require.Empty(t, empty.Value)

	cr := newChunkReader([]byte("abc"), 3, 10)
	cr.end = io.ErrUnexpectedEOF
	r = exectest.Block(t, aio.ReadToEnd(cr))
	require.ErrorIs(t, r.Err, io.ErrUnexpectedEOF)
	require.Equal(t, "abc", string(r.Value), "bytes before the error are kept")

	f := aio.ReadToEnd(newChunkReader(data, 4, 10))
	future.Drop(f)
	future.Drop(f)
	require.PanicsWithValue(t, "*aio.readToEnd polled after Drop", func() { f.Poll(future.NewContext(waker.Noop())) })
}

type wakeCount struct{ n int64 }

func (w *wakeCount) Wake() { w.n++ }

func TestDuplexAcrossGoroutines(t *testing.T) {
	a, b := aio.Duplex(16)
	data := bytes.Repeat([]byte("0123456789"), 500)
	done := make(chan error, 1)
	go func() {
		err := executor.BlockOn(aio.WriteAll(a, data))
		_ = a.Close()
		done <- err
	}()
	got := executor.BlockOn(aio.ReadToEnd(b))
	require.NoError(t, <-done)
	require.NoError(t, got.Err)
	require.Equal(t, data, got.Value)
}
