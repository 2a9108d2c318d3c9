package safecall

import (
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/internal/ratelog"
)

// reportEvery is the rate limit of one Reporter's lines.
const reportEvery = time.Second

// Reporter writes the faults caught by [Call], [Wake] and [WakeAll] to a
// logger, at most one line per second. A nil *Reporter stands for
// [Default]. Safe for concurrent use.
type Reporter struct {
	logger atomic.Pointer[slog.Logger] // nil: slog.Default()
	limit  *ratelog.Limiter
	count  atomic.Int64 // faults caught, reported or not
}

// NewReporter returns a reporter logging to slog.Default() until
// SetLogger.
func NewReporter() *Reporter { return &Reporter{limit: ratelog.New(reportEvery)} }

var defaultReporter = NewReporter()

// Default returns the process-wide reporter, for code that runs on behalf
// of no executor (logging to slog.Default()).
func Default() *Reporter { return defaultReporter }

// SetLogger makes r write to l; nil means slog.Default().
func (r *Reporter) SetLogger(l *slog.Logger) { r.or().logger.Store(l) }

// Faults returns how many faults r has caught, including those whose line
// was suppressed by the rate limit.
func (r *Reporter) Faults() int64 { return r.or().count.Load() }

func (r *Reporter) or() *Reporter {
	if r == nil {
		return defaultReporter
	}
	return r
}

// Report records a fault: value is what was recovered from a panic (nil
// for runtime.Goexit), where says what the runtime was doing ("timer:
// waking the task of an expired timer"), stack is the faulting
// goroutine's stack. The line is logged at level Error unless the rate
// limit suppresses it.
func (r *Reporter) Report(where string, value any, goexit bool, stack []byte) {
	r = r.or()
	r.count.Add(1)
	ok, suppressed := r.limit.Allow()
	if !ok {
		return
	}
	l := r.logger.Load()
	if l == nil {
		l = slog.Default()
	}
	msg := "kettle: recovered a panic in user code"
	fault := fmt.Sprint(value)
	if goexit {
		msg = "kettle: user code called runtime.Goexit; the goroutine ends"
		fault = "runtime.Goexit"
	}
	attrs := []any{"while", where, "panic", fault}
	if suppressed > 0 {
		attrs = append(attrs, "suppressed", suppressed)
	}
	attrs = append(attrs, "stack", string(stack))
	l.Error(msg, attrs...)
}
