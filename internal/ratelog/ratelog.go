package ratelog

import (
	"strconv"
	"sync"
	"time"
)

// Limiter lets one report through per interval. The zero value is not
// usable; build one with [New]. Safe for concurrent use: Allow takes a
// mutex, which is cheap next to the logging it guards and is only taken on
// error paths.
type Limiter struct {
	every time.Duration
	now   func() time.Time // time.Now; replaced in tests

	mu         sync.Mutex
	last       time.Time // when the last report was let through; zero: never
	suppressed int       // reports refused since then
}

// New returns a limiter letting one report through every interval.
// Panics with "ratelog.New: interval must be positive" if every <= 0.
func New(every time.Duration) *Limiter {
	if every <= 0 {
		panic("ratelog.New: interval must be positive")
	}
	return &Limiter{every: every, now: time.Now}
}

// Allow reports whether a report may be logged now. When it may, it also
// returns how many reports were refused since the last one let through, so
// that the caller can write "(N similar suppressed)"; the count is then
// reset. The first call always allows.
func (l *Limiter) Allow() (ok bool, suppressed int) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.last.IsZero() && now.Sub(l.last) < l.every {
		l.suppressed++
		return false, 0
	}
	l.last = now
	suppressed, l.suppressed = l.suppressed, 0
	return true, suppressed
}

// Suffix formats a suppressed count for the end of a log line:
// "" for 0, " (3 similar suppressed)" otherwise.
func Suffix(suppressed int) string {
	if suppressed == 0 {
		return ""
	}
	return " (" + strconv.Itoa(suppressed) + " similar suppressed)"
}
