package safecall

import (
	"bytes"
	"errors"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newLogged() (*Reporter, *syncBuffer) {
	var buf syncBuffer
	r := NewReporter()
	r.SetLogger(slog.New(slog.NewTextHandler(&buf, nil)))
	return r, &buf
}

func TestCallRecoversAndReports(t *testing.T) {
	r, buf := newLogged()
	require.True(t, Call(r, "testing a normal call", func() {}))
	require.False(t, Call(r, "testing a panic", func() { panic(errors.New("boom")) }))
	require.EqualValues(t, 1, r.Faults())
	out := buf.String()
	require.Contains(t, out, "kettle: recovered a panic in user code")
	require.Contains(t, out, `while="testing a panic"`)
	require.Contains(t, out, "panic=boom")
	require.Contains(t, out, "safecall_test.go", "the stack names the faulting code")
}

func TestCallReportsGoexit(t *testing.T) {
	r, buf := newLogged()
	done := make(chan bool)
	go func() {
		defer close(done)
		Call(r, "testing Goexit", runtime.Goexit)
		done <- true // never reached
	}()
	_, returned := <-done
	require.False(t, returned, "Goexit ends the goroutine")
	require.Contains(t, buf.String(), "runtime.Goexit")
	require.EqualValues(t, 1, r.Faults())
}

func TestWakeAllWakesEveryWakerWhateverTheyDo(t *testing.T) {
	r, _ := newLogged()
	var woken []int
	var mu sync.Mutex
	mark := func(i int) func() {
		return func() { mu.Lock(); woken = append(woken, i); mu.Unlock() }
	}
	ws := []waker.Waker{
		waker.Func(mark(0)),
		waker.Func(func() { panic("first") }),
		waker.Func(mark(2)),
		waker.Func(func() { panic("second") }),
		waker.Func(func() { panic("third") }),
		waker.Func(mark(5)),
	}
	WakeAll(r, "testing", ws)
	require.Equal(t, []int{0, 2, 5}, woken)
	require.EqualValues(t, 3, r.Faults())

	// Goexit in the middle: the rest are still woken, then the goroutine ends.
	woken = nil
	ws[1] = waker.Func(runtime.Goexit)
	done := make(chan struct{})
	go func() {
		defer close(done)
		WakeAll(r, "testing", ws)
	}()
	<-done
	require.Equal(t, []int{0, 2, 5}, woken)
	require.EqualValues(t, 3+3, r.Faults())
}

func TestWake(t *testing.T) {
	r, _ := newLogged()
	n := 0
	Wake(r, "testing", waker.Func(func() { n++ }))
	Wake(r, "testing", waker.Func(func() { panic("x") }))
	require.Equal(t, 1, n)
	require.EqualValues(t, 1, r.Faults())
}

func TestReportRateLimited(t *testing.T) {
	r, buf := newLogged()
	for range 100 {
		Call(r, "flood", func() { panic("again") })
	}
	require.EqualValues(t, 100, r.Faults())
	require.Equal(t, 1, strings.Count(buf.String(), "kettle: recovered"), "one line a second")
}

func TestNilReporterIsDefault(t *testing.T) {
	var nilRep *Reporter
	var buf syncBuffer
	old := slog.Default()
	defer slog.SetDefault(old)
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	before := Default().Faults()
	require.False(t, Call(nilRep, "default", func() { panic("d") }))
	require.Equal(t, before+1, Default().Faults())
}

func TestWakeAllAllocatesNothing(t *testing.T) {
	n := 0
	ws := []waker.Waker{waker.Func(func() { n++ }), waker.Func(func() { n++ })}
	allocs := testing.AllocsPerRun(100, func() { WakeAll(nil, "x", ws) })
	require.Zero(t, allocs)
}

func BenchmarkWakeAll8(b *testing.B) {
	n := 0
	ws := make([]waker.Waker, 8)
	for i := range ws {
		ws[i] = waker.Func(func() { n++ })
	}
	b.ReportAllocs()
	for b.Loop() {
		WakeAll(nil, "x", ws)
	}
}

func BenchmarkPlainWake8(b *testing.B) {
	n := 0
	ws := make([]waker.Waker, 8)
	for i := range ws {
		ws[i] = waker.Func(func() { n++ })
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range ws {
			w.Wake()
		}
	}
}
