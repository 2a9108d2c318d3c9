package executor

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/kettle-rt/kettle/internal/safecall"
)

type loggerOption struct{ l *slog.Logger }

func (o loggerOption) apply(c *config) { c.logger = o.l }

// Logger sets where the executor's reports go: blocking reports (unless
// [BlockingReporter] replaces them), stall reports ([StallAfter]) and
// anything else the runtime has to say. Records carry the task's name and
// id as the attributes "task" and "task_id" where one task is concerned.
// The default (and a nil l) is slog.Default() as it is when the report is
// made, so slog.SetDefault later still applies. Both executors.
func Logger(l *slog.Logger) Option { return loggerOption{l} }

type stallOption time.Duration

func (o stallOption) apply(c *config) { c.stall = max(time.Duration(o), 0) }

// StallAfter sets how long the executor may sit quiet — the main future
// pending, no task ready, no timer armed, no I/O waiter, no blocking job,
// and no deadlock provable — before it logs a stall, once per quiet
// spell, through [Logger] with the task dump (each task and what it waits
// on). It never fails the Run: a waker held outside the runtime may still
// fire. Default 10 s; d <= 0 turns it off (benchmarks do). Both executors.
func StallAfter(d time.Duration) Option { return stallOption(d) }

// faults returns where the executor's own fault reports go: a reporter
// writing to the configured [Logger], or the process-wide one (slog.Default,
// rate-limited) when none is set.
func (c *config) faults() *safecall.Reporter {
	if c.logger == nil {
		return safecall.Default()
	}
	r := safecall.NewReporter()
	r.SetLogger(c.logger)
	return r
}

// logger returns the configured logger or the current default.
func (c *config) log() *slog.Logger {
	if c.logger != nil {
		return c.logger
	}
	return slog.Default()
}

// logStall reports a stall with the dump of tasks ts (main first).
func (c *config) logStall(quiet time.Duration, lines []string) {
	l := c.log()
	if !l.Enabled(context.Background(), slog.LevelWarn) {
		return
	}
	attrs := []any{slog.Duration("quiet", quiet), slog.Int("tasks", len(lines))}
	for i, line := range lines {
		attrs = append(attrs, slog.String(fmt.Sprintf("task_%d", i), line))
	}
	l.Warn("executor: stall: the main future is pending and nothing progressed; "+
		"a waker held outside the runtime (a goroutine, a channel, a context) may still fire", attrs...)
}

// blockingReporter returns the BlockingReporter, or the default: a warning
// through the logger with the task's name and id.
func (c *config) blockingReporter() func(BlockingReport) {
	if c.reporter != nil {
		return c.reporter
	}
	return func(r BlockingReport) {
		c.log().Warn(r.String(), slog.String("task", r.Task), slog.Uint64("task_id", r.ID),
			slog.Duration("duration", r.Duration))
	}
}
