package aio_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/internal/exectest"
)

// FuzzBufReaderReadLine: whatever the data, chunking and buffer size, the
// lines that come out are the input split at '\n' (lines fitting the
// buffer), with a trailing "\r" removed.
func FuzzBufReaderReadLine(f *testing.F) {
	f.Add([]byte("a\nb\r\nc"), uint64(1), uint8(3), uint8(16))
	f.Add([]byte("\n\n\n"), uint64(2), uint8(1), uint8(16))
	f.Add([]byte(""), uint64(3), uint8(5), uint8(20))
	f.Add([]byte("no newline at all"), uint64(4), uint8(4), uint8(64))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, maxChunk, size uint8) {
		bufSize := 16 + int(size)
		want := strings.Split(string(data), "\n")
		if len(want) > 0 && want[len(want)-1] == "" {
			want = want[:len(want)-1]
		}
		for _, l := range want {
			if len(l)+1 > bufSize {
				t.Skip("line longer than the buffer")
			}
		}
		b := aio.NewBufReader(newChunkReader(data, seed, 1+int(maxChunk)), bufSize)
		var got []string
		for {
			r := exectest.Block(t, b.ReadLine())
			if r.Err == io.EOF {
				break
			}
			if r.Err != nil {
				t.Fatalf("unexpected error %v", r.Err)
			}
			got = append(got, string(r.Value))
		}
		if len(got) != len(want) {
			t.Fatalf("got %d lines, want %d", len(got), len(want))
		}
		for i := range want {
			if got[i] != strings.TrimSuffix(want[i], "\r") {
				t.Fatalf("line %d: got %q want %q", i, got[i], want[i])
			}
		}
	})
}

// FuzzCopy: Copy delivers every byte, in order, whatever the chunking.
func FuzzCopy(f *testing.F) {
	f.Add([]byte("hello"), uint64(1), uint16(3), uint16(2))
	f.Add(bytes.Repeat([]byte("abc"), 20000), uint64(2), uint16(5000), uint16(40000))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, rmax, wmax uint16) {
		w := newChunkWriter(seed+1, 1+int(wmax))
		r := exectest.Block(t, aio.Copy(w, newChunkReader(data, seed, 1+int(rmax))))
		if r.Err != nil || r.Value != int64(len(data)) || !bytes.Equal(w.got, data) {
			t.Fatalf("copy: n=%d err=%v equal=%v", r.Value, r.Err, bytes.Equal(w.got, data))
		}
	})
}
