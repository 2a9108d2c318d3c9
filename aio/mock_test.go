package aio_test

import (
	"math/rand/v2"

	"github.com/kettle-rt/kettle/future"
)

// chunkReader serves data in pseudo-random chunks and returns Pending
// (after waking the task, as a real leaf whose resource became ready
// would) before about half of them. After the data it returns end, or
// (0, nil) if end is nil.
type chunkReader struct {
	data  []byte
	rng   *rand.Rand
	max   int
	end   error
	reads int
}

func newChunkReader(data []byte, seed uint64, max int) *chunkReader {
	return &chunkReader{data: data, rng: rand.New(rand.NewPCG(seed, 7)), max: max}
}

func (r *chunkReader) PollRead(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	if r.rng.IntN(2) == 0 {
		cx.Waker().Wake()
		return future.Pending[future.Result[int]]()
	}
	r.reads++
	if len(r.data) == 0 {
		return future.Ready(future.Result[int]{Err: r.end})
	}
	n := min(len(p), len(r.data), 1+r.rng.IntN(r.max))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return future.Ready(future.Ok(n))
}

// chunkWriter accepts pseudo-random prefixes, Pending before about half
// of the writes; after limit bytes it fails with err (or accepts nothing
// if err is nil).
type chunkWriter struct {
	got    []byte
	rng    *rand.Rand
	max    int
	limit  int
	err    error
	writes int
	flush  int
}

func newChunkWriter(seed uint64, max int) *chunkWriter {
	return &chunkWriter{rng: rand.New(rand.NewPCG(seed, 9)), max: max, limit: -1}
}

func (w *chunkWriter) PollWrite(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	if w.rng.IntN(2) == 0 {
		cx.Waker().Wake()
		return future.Pending[future.Result[int]]()
	}
	w.writes++
	if w.limit >= 0 && len(w.got) >= w.limit {
		return future.Ready(future.Result[int]{Err: w.err})
	}
	n := min(len(p), 1+w.rng.IntN(w.max))
	if w.limit >= 0 {
		n = min(n, w.limit-len(w.got))
	}
	w.got = append(w.got, p[:n]...)
	return future.Ready(future.Ok(n))
}

func (w *chunkWriter) PollFlush(cx *future.Context) future.Poll[error] {
	w.flush++
	return future.Ready[error](nil)
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + i>>8)
	}
	return b
}
