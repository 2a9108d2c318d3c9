// Package ratelog decides when a recurring report may be logged: at most
// one line per interval, the next line carrying the count of the lines
// suppressed in between. It is the one rate limit behind every log line
// Kettle writes on its own initiative (a panicking waker caught by
// internal/safecall, an accept error in the example servers' shared
// accept loop), so that a fault repeating thousands of times a second
// costs one line a second, not a flooded log.
//
// It does not write anything itself: callers ask [Limiter.Allow] and
// format their own line (log, slog), adding the suppressed count.
package ratelog
