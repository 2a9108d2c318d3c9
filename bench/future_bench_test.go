package bench

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// readyInt is a hand-written future that is ready at every poll: reusable,
// so a benchmark can poll one value b.N times.
type readyInt struct{ v int }

func (r *readyInt) Poll(*future.Context) future.Poll[int] { return future.Ready(r.v) }

// flip is Pending (after waking the task) and Ready by turns: every Await
// of it suspends exactly once.
type flip struct{ pending bool }

func (f *flip) Poll(cx *future.Context) future.Poll[int] {
	f.pending = !f.pending
	if f.pending {
		cx.Waker().Wake()
		return future.Pending[int]()
	}
	return future.Ready(1)
}

// neverInt is always Pending.
type neverInt struct{}

func (neverInt) Poll(*future.Context) future.Poll[int] { return future.Pending[int]() }

var sinkInt int

// opaqueReady returns a ready future behind the interface, out of the
// compiler's sight, so that the benchmark pays a real dynamic call rather
// than a devirtualized, inlined one.
//
//go:noinline
func opaqueReady(v int) future.Future[int] { return &readyInt{v: v} }

// BenchmarkPollReady: one poll of a ready hand-written future through the
// Future interface. Target: <= 5 ns, 0 allocs.
func BenchmarkPollReady(b *testing.B) {
	f := opaqueReady(1)
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	s := 0
	for b.Loop() {
		v, _ := f.Poll(cx).Get()
		s += v
	}
	sinkInt = s
}

// BenchmarkAwaitSuspendResume: one Await that suspends and is resumed
// (two coroutine switches plus two polls of the block). One op = one
// suspend+resume. Target: <= 150 ns, 0 allocs.
func BenchmarkAwaitSuspendResume(b *testing.B) {
	n := b.N
	blk := future.Async(func(co *future.Co) int {
		f := &flip{}
		s := 0
		for range n {
			s += future.Await[int](co, f)
		}
		return s
	})
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	b.ResetTimer()
	for {
		if v, ok := blk.Poll(cx).Get(); ok {
			sinkInt = v
			break
		}
	}
}

// BenchmarkJoin2Ready: build a Join2 of two ready futures and poll it to
// completion (one allocation: the Join2 itself).
func BenchmarkJoin2Ready(b *testing.B) {
	x, y := &readyInt{v: 1}, &readyInt{v: 2}
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	for b.Loop() {
		out, _ := future.Join2[int, int](x, y).Poll(cx).Get()
		sinkInt += out.V1 + out.V2
	}
}

// BenchmarkAsyncCreateDrop: create an async block, poll it once so that its
// coroutine starts and suspends, then Drop it (stop the coroutine, run its
// defers, cancel its cleanup).
func BenchmarkAsyncCreateDrop(b *testing.B) {
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	for b.Loop() {
		blk := future.Async(func(co *future.Co) int {
			return future.Await[int](co, neverInt{})
		})
		blk.Poll(cx)
		future.Drop(blk)
	}
}

// BenchmarkAsyncRepollPending: re-poll an async block suspended in Await
// while the awaited future is still pending (a spurious wake, a budget
// yield, a join polling its branches). The block polls the awaited future
// directly: no coroutine switch. Target (issue #12): <= 20 ns, 0 allocs.
func BenchmarkAsyncRepollPending(b *testing.B) {
	blk := future.Async(func(co *future.Co) int { return future.Await[int](co, neverInt{}) })
	cx := future.NewContext(waker.Noop())
	blk.Poll(cx)
	b.ReportAllocs()
	for b.Loop() {
		if blk.Poll(cx).IsReady() {
			b.Fatal("ready")
		}
	}
	future.Drop(blk)
}
