package aio_test

import (
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/waker"
)

var errBoom = errors.New("boom")

func TestReadExact(t *testing.T) {
	data := pattern(10000)
	p := make([]byte, len(data))
	require.NoError(t, exectest.Block(t, aio.ReadExact(newChunkReader(data, 1, 700), p)))
	require.Equal(t, data, p)

	require.ErrorIs(t, exectest.Block(t, aio.ReadExact(newChunkReader(nil, 2, 10), make([]byte, 4))), io.EOF)
	require.ErrorIs(t, exectest.Block(t, aio.ReadExact(newChunkReader(data[:3], 3, 10), make([]byte, 4))), io.ErrUnexpectedEOF)
	r := newChunkReader(data[:3], 4, 10)
	r.end = errBoom
	require.ErrorIs(t, exectest.Block(t, aio.ReadExact(r, make([]byte, 4))), errBoom)
	require.NoError(t, exectest.Block(t, aio.ReadExact(newChunkReader(nil, 5, 10), nil)), "nothing to read")
	require.PanicsWithValue(t, "aio.ReadExact: nil reader", func() { aio.ReadExact(nil, p) })
}

func TestReadExactDropKeepsFilled(t *testing.T) {
	data := pattern(100)
	p := make([]byte, 100)
	f := aio.ReadExact(newChunkReader(data, 6, 10), p)
	cx := future.NewContext(waker.Noop())
	for f.Filled() == 0 {
		require.False(t, f.Poll(cx).IsReady())
	}
	f.Drop()
	f.Drop()
	require.Equal(t, data[:f.Filled()], p[:f.Filled()])
	require.PanicsWithValue(t, "*aio.ReadExactFuture polled after Drop", func() { f.Poll(cx) })
}

func TestWriteAll(t *testing.T) {
	data := pattern(10000)
	w := newChunkWriter(1, 900)
	require.NoError(t, exectest.Block(t, aio.WriteAll(w, data)))
	require.Equal(t, data, w.got)

	w = newChunkWriter(2, 10)
	w.limit = 5
	f := aio.WriteAll(w, data[:20])
	require.ErrorIs(t, exectest.Block(t, f), io.ErrShortWrite)
	require.Equal(t, 5, f.Written())

	w = newChunkWriter(3, 10)
	w.limit, w.err = 7, errBoom
	require.ErrorIs(t, exectest.Block(t, aio.WriteAll(w, data[:20])), errBoom)
	require.PanicsWithValue(t, "aio.WriteAll: nil writer", func() { aio.WriteAll(nil, data) })
}

func TestCopy(t *testing.T) {
	data := pattern(300000)
	w := newChunkWriter(4, 50000)
	f := aio.Copy(w, newChunkReader(data, 5, 40000))
	r := exectest.Block(t, f)
	require.NoError(t, r.Err)
	require.EqualValues(t, len(data), r.Value)
	require.Equal(t, data, w.got)
	require.EqualValues(t, len(data), f.Copied())
	require.GreaterOrEqual(t, w.flush, 1, "a Flusher destination is flushed at the end")

	src := newChunkReader(data[:100], 6, 30)
	src.end = errBoom
	r = exectest.Block(t, aio.Copy(newChunkWriter(7, 50), src))
	require.ErrorIs(t, r.Err, errBoom)
	require.EqualValues(t, 100, r.Value)

	w = newChunkWriter(8, 10)
	w.limit, w.err = 50, errBoom
	r = exectest.Block(t, aio.Copy(w, newChunkReader(data[:100], 9, 30)))
	require.ErrorIs(t, r.Err, errBoom)
	require.EqualValues(t, 50, r.Value)
	require.Panics(t, func() { aio.Copy(nil, src) })
}

func TestBufReaderLines(t *testing.T) {
	text := "first\nsecond\r\n\nlast without newline"
	b := aio.NewBufReader(newChunkReader([]byte(text), 1, 5), 32)
	var lines []string
	for {
		r := exectest.Block(t, b.ReadLine())
		if r.Err == io.EOF {
			break
		}
		require.NoError(t, r.Err)
		lines = append(lines, string(r.Value))
	}
	require.Equal(t, []string{"first", "second", "", "last without newline"}, lines)
	r := exectest.Block(t, b.ReadLine())
	require.ErrorIs(t, r.Err, io.EOF, "end of stream is sticky")
}

func TestBufReaderReadUntil(t *testing.T) {
	b := aio.NewBufReader(newChunkReader([]byte("a;bb;ccc"), 2, 2), 0)
	var got []string
	for {
		r := exectest.Block(t, b.ReadUntil(';'))
		got = append(got, string(r.Value))
		if r.Err != nil {
			require.ErrorIs(t, r.Err, io.EOF)
			break
		}
	}
	require.Equal(t, []string{"a;", "bb;", "ccc"}, got)
}

func TestBufReaderBufferFull(t *testing.T) {
	long := make([]byte, 40)
	for i := range long {
		long[i] = 'x'
	}
	b := aio.NewBufReader(newChunkReader(append(long, "\nok\n"...), 3, 7), 16)
	r := exectest.Block(t, b.ReadLine())
	require.ErrorIs(t, r.Err, aio.ErrBufferFull)
	require.Len(t, r.Value, 16)
}

// TestBufReaderReadLineCancelSafe drops ReadLine after every Pending and
// checks that the lines still come out whole.
func TestBufReaderReadLineCancelSafe(t *testing.T) {
	text := "alpha\nbeta\ngamma delta epsilon\n"
	b := aio.NewBufReader(newChunkReader([]byte(text), 4, 3), 64)
	cx := future.NewContext(waker.Noop())
	var lines []string
	drops := 0
	for len(lines) < 3 {
		f := b.ReadLine()
		r, ok := f.Poll(cx).Get()
		if !ok {
			f.Drop() // a select picked another branch
			drops++
			continue
		}
		require.NoError(t, r.Err)
		lines = append(lines, string(r.Value))
	}
	require.Equal(t, []string{"alpha", "beta", "gamma delta epsilon"}, lines)
	require.Greater(t, drops, 3)
}

func TestBufReaderPollReadAndFillBuf(t *testing.T) {
	data := pattern(5000)
	b := aio.NewBufReader(newChunkReader(data, 5, 300), 128)
	cx := future.NewContext(waker.Noop())
	var got []byte
	small := make([]byte, 10)
	big := make([]byte, 200) // bypasses the buffer when it is empty
	for i := 0; ; i++ {
		p := small
		if i%3 == 0 {
			p = big
		}
		r, ok := b.PollRead(cx, p).Get()
		if !ok {
			continue
		}
		require.NoError(t, r.Err)
		if r.Value == 0 {
			break
		}
		got = append(got, p[:r.Value]...)
	}
	require.Equal(t, data, got)

	b = aio.NewBufReader(newChunkReader([]byte("hello"), 6, 100), 16)
	var buf future.Result[[]byte]
	for {
		r, ok := b.PollFillBuf(cx).Get()
		if ok {
			buf = r
			break
		}
	}
	require.NoError(t, buf.Err)
	require.Equal(t, "hello", string(buf.Value))
	require.Equal(t, 5, b.Buffered())
	b.Consume(2)
	require.Equal(t, 3, b.Buffered())
	require.Panics(t, func() { b.Consume(4) })
}

func TestBufWriter(t *testing.T) {
	w := newChunkWriter(1, 1000)
	bw := aio.NewBufWriter(w, 64)
	var want []byte
	for i := 0; i < 100; i++ {
		msg := []byte("chunk-")
		msg = append(msg, byte('0'+i%10))
		require.NoError(t, exectest.Block(t, aio.WriteAll(bw, msg)))
		want = append(want, msg...)
	}
	require.Less(t, w.writes, 30, "small writes were gathered")
	require.NoError(t, exectest.Block(t, bw.Flush()))
	require.Zero(t, bw.Buffered())
	require.Equal(t, 64, bw.Available())
	big := pattern(1000)
	require.NoError(t, exectest.Block(t, aio.WriteAll(bw, big)), "a large write bypasses the buffer")
	want = append(want, big...)
	require.NoError(t, exectest.Block(t, bw.Flush()))
	require.Equal(t, want, w.got)
	require.GreaterOrEqual(t, w.flush, 2, "Flush flushes a Flusher underneath")

	w = newChunkWriter(2, 10)
	w.limit, w.err = 20, errBoom
	bw = aio.NewBufWriter(w, 16)
	err := exectest.Block(t, aio.WriteAll(bw, pattern(100)))
	require.ErrorIs(t, err, errBoom)
	require.ErrorIs(t, exectest.Block(t, bw.Flush()), errBoom, "errors are sticky")
}

func TestBufWriterFlushCancelSafe(t *testing.T) {
	w := newChunkWriter(3, 3)
	bw := aio.NewBufWriter(w, 256)
	data := pattern(200)
	require.NoError(t, exectest.Block(t, aio.WriteAll(bw, data)))
	cx := future.NewContext(waker.Noop())
	for {
		f := bw.Flush()
		if err, ok := f.Poll(cx).Get(); ok {
			require.NoError(t, err)
			break
		}
		f.Drop()
	}
	require.Equal(t, data, w.got)
}
