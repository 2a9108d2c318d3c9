package bench

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/timerctl"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

// Timer benchmarks: the cost of arming and cancelling one timer on a
// Driver, and 100k sleeps of random 1–100 ms on a Driver driven by a simple
// loop, against 100k goroutines in time.Sleep and 100k time.AfterFunc.
//
//	go test -run '^$' -bench 'Timer(InsertCancel|Reset|SleepPollDrop)' -benchtime 200ms ./bench/
//	go test -run '^$' -bench 'Timer.*100k' -benchtime 3x ./bench/
//
// The 100k benchmarks each run for about 100 ms of real time per iteration
// and report, besides ns/op for the whole batch:
//
//	ms-beyond-last  time from the last deadline until every timer had fired
//	p50-late-µs     median lateness of a timer (fire time minus deadline)
//	p99-late-µs     99th percentile lateness
//	ms-to-arm       time to arm the 100k timers
//	p50/p99-late-idle-µs  the same, over the timers due after all were armed
//	B/timer         bytes allocated per armed timer, plus stack in use

// timerContext returns a Context carrying d, as an executor builds one.
func timerContext(d *timer.Driver) *future.Context {
	svc := &future.Services{}
	d.Register(svc)
	cx := future.NewContext(waker.Noop())
	cx.SetServices(svc)
	return cx
}

// BenchmarkTimerInsertCancel moves one reused, armed sleep to a new
// deadline on a Driver holding 10k other timers: each op takes the
// driver's lock, cancels the timer's wheel entry and inserts it again (both
// O(1)). ResetAt reads no clock. Allocates nothing.
func BenchmarkTimerInsertCancel(b *testing.B) {
	timerBenchReset(b, func(s *timer.SleepFuture, base time.Time, i int) {
		s.ResetAt(base.Add(time.Duration(1+i%100_000) * time.Millisecond))
	})
}

// BenchmarkTimerReset is BenchmarkTimerInsertCancel plus a read of the
// real clock (Reset(d) = ResetAt(Now()+d)): what re-arming a sleep costs.
func BenchmarkTimerReset(b *testing.B) {
	timerBenchReset(b, func(s *timer.SleepFuture, _ time.Time, i int) {
		s.Reset(time.Duration(1+i%100_000) * time.Millisecond)
	})
}

func timerBenchReset(b *testing.B, reset func(s *timer.SleepFuture, base time.Time, i int)) {
	d := timer.NewDriver(timer.RealClock())
	defer d.Close()
	cx := timerContext(d)
	bg := make([]*timer.SleepFuture, 10000)
	for i := range bg {
		bg[i] = timer.Sleep(time.Duration(1+i) * time.Millisecond)
		bg[i].Poll(cx)
	}
	s := timer.Sleep(time.Hour)
	s.Poll(cx)
	base := time.Now()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		reset(s, base, i)
	}
	s.Drop()
	for _, s := range bg {
		s.Drop()
	}
}

// BenchmarkTimerSleepPollDrop creates a sleep, arms it with a first poll
// and drops it: the full life of a cancelled timer, one allocation.
func BenchmarkTimerSleepPollDrop(b *testing.B) {
	d := timer.NewDriver(timer.RealClock())
	defer d.Close()
	cx := timerContext(d)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s := timer.Sleep(time.Duration(1+i%100_000) * time.Millisecond)
		s.Poll(cx)
		s.Drop()
	}
}

const timerBatch = 100_000

// timerOffsets returns n random durations of 1–100 ms (fixed seed).
func timerOffsets(n int) []time.Duration {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(1+r.IntN(100_000)) * time.Microsecond
		if out[i] < time.Millisecond {
			out[i] += time.Millisecond
		}
	}
	return out
}

// timerMemStats returns the bytes allocated so far plus the stack in use.
func timerMemStats() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc + ms.StackInuse
}

// timerReport computes and reports the metrics of one 100k-timer run: each
// timer's deadline was fixed when it was armed (now + its offset), as
// Sleep(d) does.
// armed is when the last timer was armed: timers due before then may be
// late because arming 100k timers took that long, so the -idle metrics
// count only the timers due after it.
func timerReport(b *testing.B, deadline, late []time.Duration, epoch, armed, done time.Time, bytes uint64) {
	last := epoch.Add(slices.Max(deadline))
	lat := slices.Clone(late)
	slices.Sort(lat)
	var idle []time.Duration
	for i, dl := range deadline {
		if epoch.Add(dl).After(armed) {
			idle = append(idle, late[i])
		}
	}
	slices.Sort(idle)
	b.ReportMetric(float64(done.Sub(last))/1e6, "ms-beyond-last")
	b.ReportMetric(float64(armed.Sub(epoch))/1e6, "ms-to-arm")
	b.ReportMetric(float64(lat[len(lat)/2])/1e3, "p50-late-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100])/1e3, "p99-late-µs")
	if len(idle) > 0 {
		b.ReportMetric(float64(idle[len(idle)/2])/1e3, "p50-late-idle-µs")
		b.ReportMetric(float64(idle[len(idle)*99/100])/1e3, "p99-late-idle-µs")
	}
	b.ReportMetric(float64(bytes)/float64(len(late)), "B/timer")
}

// timerSleepRecord is the waker of one sleep in BenchmarkTimerDriver100k: it
// records how late it was woken.
type timerSleepRecord struct {
	deadline time.Time
	late     *time.Duration
	fired    *int
}

func (r *timerSleepRecord) Wake() {
	*r.late = time.Since(r.deadline)
	*r.fired++
}

// BenchmarkTimerDriver100k: 100k sleeps armed on one Driver with the real
// clock, fired by a loop that sleeps until NextDeadline and calls Fire (what
// an executor's park does).
func BenchmarkTimerDriver100k(b *testing.B) {
	offs := timerOffsets(timerBatch)
	deadline := make([]time.Duration, timerBatch)
	late := make([]time.Duration, timerBatch)
	recs := make([]timerSleepRecord, timerBatch)
	sleeps := make([]*timer.SleepFuture, timerBatch)
	for b.Loop() {
		d := timer.NewDriver(timer.RealClock())
		cx := timerContext(d)
		fired := 0
		runtime.GC()
		before := timerMemStats()
		epoch := time.Now()
		for i, off := range offs {
			recs[i] = timerSleepRecord{late: &late[i], fired: &fired}
			sleeps[i] = timer.Sleep(off)
			cx.SetWaker(waker.New(&recs[i]))
			sleeps[i].Poll(cx)
			recs[i].deadline = sleeps[i].Deadline()
			deadline[i] = recs[i].deadline.Sub(epoch)
		}
		armed := time.Now()
		bytes := timerMemStats() - before
		for fired < timerBatch {
			next, ok := d.NextDeadline()
			if !ok {
				b.Fatalf("%d timers fired, none armed", fired)
			}
			if wait := time.Until(next); wait > 0 {
				time.Sleep(wait)
			}
			timerctl.Of(d).Fire()
		}
		timerReport(b, deadline, late, epoch, armed, time.Now(), bytes)
		d.Close()
		clear(sleeps)
	}
}

// BenchmarkTimerGoroutines100k: 100k goroutines, each in time.Sleep for
// its offset.
func BenchmarkTimerGoroutines100k(b *testing.B) {
	offs := timerOffsets(timerBatch)
	deadline := make([]time.Duration, timerBatch)
	late := make([]time.Duration, timerBatch)
	for b.Loop() {
		var armed, wg sync.WaitGroup
		armed.Add(timerBatch)
		wg.Add(timerBatch)
		runtime.GC()
		before := timerMemStats()
		epoch := time.Now()
		for i, off := range offs {
			go func() {
				dl := time.Now().Add(off)
				deadline[i] = dl.Sub(epoch)
				armed.Done()
				time.Sleep(off)
				late[i] = time.Since(dl)
				wg.Done()
			}()
		}
		armed.Wait()
		armedAt := time.Now()
		bytes := timerMemStats() - before
		wg.Wait()
		timerReport(b, deadline, late, epoch, armedAt, time.Now(), bytes)
	}
}

// BenchmarkTimerAfterFunc100k: 100k time.AfterFunc timers.
func BenchmarkTimerAfterFunc100k(b *testing.B) {
	offs := timerOffsets(timerBatch)
	deadline := make([]time.Duration, timerBatch)
	late := make([]time.Duration, timerBatch)
	timers := make([]*time.Timer, timerBatch)
	for b.Loop() {
		var wg sync.WaitGroup
		wg.Add(timerBatch)
		runtime.GC()
		before := timerMemStats()
		epoch := time.Now()
		for i, off := range offs {
			dl := time.Now().Add(off)
			deadline[i] = dl.Sub(epoch)
			timers[i] = time.AfterFunc(off, func() {
				late[i] = time.Since(dl)
				wg.Done()
			})
		}
		armed := time.Now()
		bytes := timerMemStats() - before
		wg.Wait()
		timerReport(b, deadline, late, epoch, armed, time.Now(), bytes)
		clear(timers)
	}
}
