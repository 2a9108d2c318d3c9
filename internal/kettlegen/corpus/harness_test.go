package corpus

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fn is one corpus function in both forms, each wrapped to a string result.
type fn struct {
	name string
	co   func(log *Log) future.Future[string]
	gen  func(log *Log) future.Future[string]
}

// pair builds a corpus entry from the coroutine body and the generated
// constructor.
func pair[T any, M future.Future[T]](name string, co func(*future.Co, *Log) T, gen func(*Log) M) fn {
	return fn{
		name: name,
		co: func(log *Log) future.Future[string] {
			return &show[T]{f: future.Async(func(c *future.Co) T { return co(c, log) })}
		},
		gen: func(log *Log) future.Future[string] { return &show[T]{f: gen(log)} },
	}
}

// show formats its future's output.
type show[T any] struct{ f future.Future[T] }

func (s *show[T]) Poll(cx *future.Context) future.Poll[string] {
	if v, ok := s.f.Poll(cx).Get(); ok {
		return future.Ready(fmt.Sprintf("%v", v))
	}
	return future.Pending[string]()
}

func (s *show[T]) Drop() { future.Drop(s.f) }

// runSeed runs two instances of a form side by side on a seeded executor
// and describes everything observable.
func runSeed(mk func(*Log) future.Future[string], seed uint64) string {
	log := &Log{}
	ex := executor.NewLocal(executor.Seed(seed))
	defer ex.Close()
	v, err := executor.Run(ex, future.Join2(mk(log), mk(log)))
	return fmt.Sprintf("result=%v err=%s log=%q", v, describe(err), log.Entries)
}

func describe(err error) string {
	if err == nil {
		return "<nil>"
	}
	var pe *executor.PanicError
	if errors.As(err, &pe) {
		return fmt.Sprintf("panic(%v)", pe.Value)
	}
	return err.Error()
}

// recorder is a futuretest.TestingT that records failures as data.
type recorder struct{ msgs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *recorder) FailNow()                          { panic("FailNow") }
func (r *recorder) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (r *recorder) Logf(string, ...any)               {}

// dropAtEvery describes the outcome of DropAtEveryAwait at every k.
func dropAtEvery(mk func(*Log) future.Future[string]) []string {
	var out []string
	var log *Log
	rec := &recorder{}
	futuretest.DropAtEveryAwait(rec, func() future.Future[string] {
		log = &Log{}
		return mk(log)
	}, func(k int) { out = append(out, fmt.Sprintf("k=%d %q", k, log.Entries)) })
	return append(out, rec.msgs...)
}

// checkPair compares both forms of f over seeds and drop points.
func checkPair(t *testing.T, f fn, seeds int) {
	t.Helper()
	for seed := uint64(0); seed < uint64(seeds); seed++ {
		require.Equal(t, runSeed(f.co, seed), runSeed(f.gen, seed), "%s: seed %d", f.name, seed)
	}
	require.Equal(t, dropAtEvery(f.co), dropAtEvery(f.gen), "%s: DropAtEveryAwait", f.name)
}

func TestCorpus(t *testing.T) {
	for _, f := range corpus {
		t.Run(f.name, func(t *testing.T) { checkPair(t, f, 20) })
	}
}
