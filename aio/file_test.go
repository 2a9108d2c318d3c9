package aio_test

import (
	"bytes"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
)

func TestReadFileMissing(t *testing.T) {
	r := exectest.Block(t, aio.ReadFile(filepath.Join(t.TempDir(), "nope")))
	require.ErrorIs(t, r.Err, fs.ErrNotExist)
	// Polled without an executor too (the process-wide fallback).
	r = executor.BlockOn(aio.ReadFile(filepath.Join(t.TempDir(), "nope")))
	require.ErrorIs(t, r.Err, fs.ErrNotExist)
}

func TestWriteFileReadFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "a.txt")
	require.NoError(t, exectest.Block(t, aio.WriteFile(name, []byte("kettle"), 0o600)))
	r := exectest.Block(t, aio.ReadFile(name))
	require.NoError(t, r.Err)
	require.Equal(t, "kettle", string(r.Value))
}

func TestFileCreateWriteOpenRead(t *testing.T) {
	name := filepath.Join(t.TempDir(), "b.bin")
	data := bytes.Repeat([]byte("0123456789abcdef"), 10000) // 160 KB: several 32 KiB chunks
	for _, ex := range []executor.Executor{exectest.For(t), executor.NewMulti(executor.Workers(2))} {
		if m, ok := ex.(*executor.Multi); ok {
			defer m.Close()
		}
		got, err := executor.Run(ex, future.Async(func(co *future.Co) []byte {
			cr := future.Await(co, aio.Create(name))
			require.NoError(t, cr.Err)
			require.NoError(t, future.Await(co, aio.WriteAll(cr.Value, data)))
			require.NoError(t, cr.Value.Close())

			or := future.Await(co, aio.Open(name))
			require.NoError(t, or.Err)
			defer or.Value.Close()
			out := make([]byte, len(data))
			require.NoError(t, future.Await(co, aio.ReadExact(or.Value, out)))
			f := or.Value
			end := future.Await(co, future.PollFn(func(cx *future.Context) future.Poll[future.Result[int]] {
				return f.PollRead(cx, make([]byte, 8))
			}))
			require.Equal(t, future.Ok(0), end) // end of file
			return out
		}))
		require.NoError(t, err)
		require.Equal(t, data, got)
	}
}

func TestFromIOReaderWriter(t *testing.T) {
	src := strings.Repeat("hello, world\n", 5000)
	var dst bytes.Buffer
	r := exectest.Block(t, aio.Copy(aio.FromIOWriter(&dst), aio.FromIOReader(strings.NewReader(src))))
	require.NoError(t, r.Err)
	require.Equal(t, int64(len(src)), r.Value)
	require.Equal(t, src, dst.String())
}

func TestNewIOReaderWriter(t *testing.T) {
	// Blocking views over async adapters over blocking io: a round trip.
	src := strings.Repeat("x", 100000)
	var dst bytes.Buffer
	w := aio.NewIOWriter(aio.FromIOWriter(&dst))
	n, err := io.Copy(w, aio.NewIOReader(aio.FromIOReader(strings.NewReader(src))))
	require.NoError(t, err)
	require.Equal(t, int64(len(src)), n)
	require.NoError(t, w.(interface{ Flush() error }).Flush())
	require.Equal(t, src, dst.String())
}
