package bench

import (
	"testing"

	"github.com/kettle-rt/kettle/bench/workloads"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// The three ways to write a future, side by side: hand-written, generated
// by kettlegen (bench/workloads/generated.go), async block.
//
//	go test -run '^$' -bench 'Gen|SkynetLocal|SpawnJoinLocal' -benchtime 200ms -count 3 ./bench/

// BenchmarkGenAwaitReady: one Await of an already-ready future inside a
// generated async function. Target: <= 5 ns, 0 allocs.
func BenchmarkGenAwaitReady(b *testing.B) {
	benchAwaitReady(b, workloads.AwaitReadyGen)
}

// BenchmarkAsyncAwaitReady: the same Await inside an async block.
func BenchmarkAsyncAwaitReady(b *testing.B) {
	benchAwaitReady(b, workloads.AwaitReadyAsync)
}

func benchAwaitReady(b *testing.B, mk func(future.Future[int], int) future.Future[int]) {
	f := mk(opaqueReady(1), b.N)
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	b.ResetTimer()
	v, ok := f.Poll(cx).Get()
	b.StopTimer()
	if !ok || v != b.N {
		b.Fatalf("got %d %v, want %d", v, ok, b.N)
	}
}

// genSpawnJoinMain is spawnJoinMain spawning generated trivial tasks.
type genSpawnJoinMain struct {
	ex     executor.Executor
	left   int
	hs     []*executor.JoinHandle[int]
	j, sum int
}

func (m *genSpawnJoinMain) Poll(cx *future.Context) future.Poll[int] {
	for {
		for m.j < len(m.hs) {
			r, ok := m.hs[m.j].Poll(cx).Get()
			if !ok {
				return future.Pending[int]()
			}
			m.sum += r.Value
			m.hs[m.j] = nil
			m.j++
		}
		if m.left == 0 {
			return future.Ready(m.sum)
		}
		k := min(m.left, cap(m.hs))
		m.left -= k
		m.hs, m.j = m.hs[:k], 0
		for i := range m.hs {
			m.hs[i] = executor.Spawn(m.ex, workloads.TrivialGen(1))
		}
	}
}

// BenchmarkSpawnJoinGenLocal: BenchmarkSpawnJoinLocal with a generated
// trivial async function as the task. Target: <= 1.2x the hand-written.
func BenchmarkSpawnJoinGenLocal(b *testing.B) {
	b.ReportAllocs()
	ex := executor.NewLocal(executor.BlockingThreshold(0))
	defer ex.Close()
	m := &genSpawnJoinMain{ex: ex, left: b.N, hs: make([]*executor.JoinHandle[int], 0, spawnBatch)}
	b.ResetTimer()
	sum, err := executor.Run(ex, future.Future[int](m))
	b.StopTimer()
	if err != nil || sum != b.N {
		b.Fatalf("sum %d err %v", sum, err)
	}
}

// skynetN is the leaf count of the Local skynet benchmarks.
const skynetN = 100_000

func benchSkynet(b *testing.B, run func(executor.Executor, int) (float64, error)) {
	b.ReportAllocs()
	for b.Loop() {
		ex := executor.NewLocal(executor.BlockingThreshold(0))
		if _, err := run(ex, skynetN); err != nil {
			b.Fatal(err)
		}
		_ = ex.Close()
	}
}

// BenchmarkSkynetLocalHand: skynet (100k leaves) with hand-written
// futures on Local.
func BenchmarkSkynetLocalHand(b *testing.B) { benchSkynet(b, workloads.SkynetKettle) }

// BenchmarkSkynetLocalGen: the same with kettlegen async functions.
// Target: <= 1.3x hand-written, >= 3x faster than async blocks.
func BenchmarkSkynetLocalGen(b *testing.B) { benchSkynet(b, workloads.SkynetGenKettle) }

// BenchmarkSkynetLocalAsync: the same with async blocks.
func BenchmarkSkynetLocalAsync(b *testing.B) { benchSkynet(b, workloads.SkynetAsyncKettle) }

// BenchmarkGenAwaitReadyConcrete: one Await of a ready future of a
// concrete type in a generated async function (its Poll is called
// directly).
func BenchmarkGenAwaitReadyConcrete(b *testing.B) {
	f := workloads.AwaitConcreteGen(&workloads.ReadyInt{V: 1}, b.N)
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	b.ResetTimer()
	v, ok := f.Poll(cx).Get()
	b.StopTimer()
	if !ok || v != b.N {
		b.Fatalf("got %d %v, want %d", v, ok, b.N)
	}
}
