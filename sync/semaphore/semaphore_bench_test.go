package semaphore_test

import (
	"runtime"
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/semaphore"
	"github.com/kettle-rt/kettle/waker"
)

func BenchmarkTryAcquireRelease(b *testing.B) {
	s := semaphore.New(4)
	b.ReportAllocs()
	for b.Loop() {
		p, _ := s.TryAcquire(1)
		p.Release()
	}
}

func BenchmarkAcquireFutureRelease(b *testing.B) {
	s := semaphore.New(4)
	cx := future.NewContext(waker.Noop())
	b.ReportAllocs()
	for b.Loop() {
		r, _ := s.Acquire(1).Poll(cx).Get()
		r.Value.Release()
	}
}

// BenchmarkChanSemaphore is the Go idiom: a buffered channel as semaphore.
func BenchmarkChanSemaphore(b *testing.B) {
	sem := make(chan struct{}, 4)
	b.ReportAllocs()
	for b.Loop() {
		sem <- struct{}{}
		<-sem
	}
}

// acquireTask acquires one of the permits, yields while holding it, and
// releases, n times: contention on a Local executor.
type acquireTask struct {
	s *semaphore.Semaphore
	n int
	f *semaphore.AcquireFuture
	y future.Future[future.Unit]
	p *semaphore.Permit
}

func (t *acquireTask) Poll(cx *future.Context) future.Poll[future.Unit] {
	for t.n > 0 {
		if t.p == nil {
			if t.f == nil {
				t.f = t.s.Acquire(1)
			}
			r, ok := t.f.Poll(cx).Get()
			if !ok {
				return future.Pending[future.Unit]()
			}
			t.f, t.p = nil, r.Value
			t.y = future.YieldNow()
		}
		if !t.y.Poll(cx).IsReady() {
			return future.Pending[future.Unit]()
		}
		t.p.Release()
		t.p = nil
		t.n--
	}
	return future.Ready(future.Unit{})
}

const semTasks, semRounds, semPermits = 100, 100, 4

// BenchmarkLocalContended: 100 tasks × 100 acquire/yield/release of 4
// permits on one executor.Local.
func BenchmarkLocalContended(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ex := executor.NewLocal(executor.BlockingThreshold(0))
		s := semaphore.New(semPermits)
		hs := make([]future.Future[future.Result[future.Unit]], semTasks)
		for i := range hs {
			hs[i] = executor.Spawn[future.Unit](ex, &acquireTask{s: s, n: semRounds})
		}
		if _, err := executor.Run(ex, future.JoinAll(hs...)); err != nil {
			b.Fatal(err)
		}
		ex.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*semTasks*semRounds), "ns/acquire")
}

// BenchmarkGoroutinesContended: the same workload with goroutines, a
// buffered channel as semaphore and runtime.Gosched standing in for the
// yield.
func BenchmarkGoroutinesContended(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sem := make(chan struct{}, semPermits)
		var wg sync.WaitGroup
		for range semTasks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range semRounds {
					sem <- struct{}{}
					yield()
					<-sem
				}
			}()
		}
		wg.Wait()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*semTasks*semRounds), "ns/acquire")
}

func yield() { runtime.Gosched() }
