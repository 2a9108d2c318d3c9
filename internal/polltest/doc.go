// Package polltest drives futures by hand in tests: a stand-in manager
// (executor) for one recipe card ([future.Future]) at a time, with a pager
// ([waker.Waker]) that only counts how often it buzzed.
//
// [Poller] holds one future and counts the wakes since its last look;
// [Driver] is a bare Context whose wakes add up across every future polled
// through [Poll]; [BlockOn] runs one future to completion on the calling
// goroutine, parking on a channel between polls, for stress tests with plain
// goroutines. The real managers live in the executor package; this one
// exists so that the sync and aio tests share one driver instead of each
// carrying a copy.
//
// Only tests import this package, so it may use testify's require.
package polltest
