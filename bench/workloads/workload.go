package workloads

import (
	"fmt"
	"runtime"
	"time"

	"github.com/kettle-rt/kettle/executor"
)

// Contender is who runs a workload: one of Kettle's executors or plain
// goroutines at a given GOMAXPROCS.
type Contender int

const (
	// KettleLocal runs the Kettle side on a single-threaded executor.Local
	// (GOMAXPROCS = all, which only the garbage collector uses).
	KettleLocal Contender = iota
	// KettleMulti runs the Kettle side on an executor.Multi with one worker
	// per GOMAXPROCS (all).
	KettleMulti
	// GoroutinesOne runs the goroutine side with runtime.GOMAXPROCS(1).
	GoroutinesOne
	// GoroutinesAll runs the goroutine side with GOMAXPROCS = all.
	GoroutinesAll
)

// Contenders returns the four contenders in table order.
func Contenders() []Contender {
	return []Contender{KettleLocal, KettleMulti, GoroutinesOne, GoroutinesAll}
}

// String returns the contender's short name, used as a JSON key and a
// benchmark name: "kettle-local", "kettle-multi", "go-p1", "go-pall".
func (c Contender) String() string {
	switch c {
	case KettleLocal:
		return "kettle-local"
	case KettleMulti:
		return "kettle-multi"
	case GoroutinesOne:
		return "go-p1"
	case GoroutinesAll:
		return "go-pall"
	}
	return fmt.Sprintf("Contender(%d)", int(c))
}

// IsKettle reports whether c runs Kettle tasks (rather than goroutines).
func (c Contender) IsKettle() bool { return c == KettleLocal || c == KettleMulti }

// Sizes are a workload's size parameter n for a full run, a -quick run and
// a tiny smoke test. What n counts is the workload's SizeDoc.
type Sizes struct{ Full, Quick, Tiny int }

// Workload is one row of the versus matrix: the same work written for
// Kettle and for goroutines. Both functions do their own timing (setup such
// as building an executor is outside it) and return a lower-is-better value
// in Unit, or an error if the work was not done correctly.
type Workload struct {
	// Name is the row's name, e.g. "skynet".
	Name string
	// Doc says what the workload does, in one line.
	Doc string
	// Unit is the unit of the measured value: "ms" (wall time), "B/task",
	// or "ms late" (timers: time from the last deadline to the last wake).
	Unit string
	// SizeDoc says what n counts, e.g. "leaf tasks".
	SizeDoc string
	// Sizes are the values of n for the full, quick and tiny runs.
	Sizes Sizes
	// Kettle runs the workload as Kettle tasks on ex.
	Kettle func(ex executor.Executor, n int) (float64, error)
	// Goroutines runs the workload with goroutines, at whatever GOMAXPROCS
	// the caller set.
	Goroutines func(n int) (float64, error)
}

// All returns every workload, in the order of the versus table.
func All() []Workload {
	return []Workload{
		spawnJoin, spawnJoinGen, yieldMany, pingPong, chainedSpawn,
		skynet, skynetGen, skynetAsync,
		parkedMemory, parkedMemoryGen, parkedMemoryAsync, timers, contendedMutex,
		mpscFanIn, tcpEcho,
	}
}

// Lookup returns the workload named name.
func Lookup(name string) (Workload, bool) {
	for _, w := range All() {
		if w.Name == name {
			return w, true
		}
	}
	return Workload{}, false
}

// Measure runs one cell: workload w with size n by contender c, where procs
// is what "all" means for GOMAXPROCS (and Multi's worker count). It sets
// runtime.GOMAXPROCS for the run and restores it, builds the executor (with
// blocking detection off, as in benchmarks) and closes it afterwards.
// Measure is not safe for concurrent use: GOMAXPROCS is process-wide.
func Measure(w Workload, c Contender, n, procs int) (float64, error) {
	if procs < 1 {
		panic("workloads.Measure: procs < 1")
	}
	p := procs
	if c == GoroutinesOne {
		p = 1
	}
	old := runtime.GOMAXPROCS(p)
	defer runtime.GOMAXPROCS(old)
	switch c {
	case KettleLocal:
		ex := executor.NewLocal(executor.BlockingThreshold(0), executor.StallAfter(0))
		v, err := w.Kettle(ex, n)
		return v, closeWith(ex.Close(), err)
	case KettleMulti:
		ex := executor.NewMulti(executor.Workers(procs), executor.BlockingThreshold(0), executor.StallAfter(0))
		v, err := w.Kettle(ex, n)
		return v, closeWith(ex.Close(), err)
	case GoroutinesOne, GoroutinesAll:
		return w.Goroutines(n)
	}
	panic(fmt.Sprintf("workloads.Measure: unknown contender %d", int(c)))
}

// closeWith returns err, or the Close error if err is nil.
func closeWith(closeErr, err error) error {
	if err != nil {
		return err
	}
	if closeErr != nil {
		return fmt.Errorf("workloads: close executor: %w", closeErr)
	}
	return nil
}

// ms returns the time since start in milliseconds.
func ms(start time.Time) float64 { return float64(time.Since(start).Nanoseconds()) / 1e6 }
