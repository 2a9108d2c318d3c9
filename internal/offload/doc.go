// Package offload runs blocking functions (file system calls, DNS lookups,
// reads from an io.Reader) off the executor's workers, for leaf packages
// (aio, net/tcp) that must not import executor.
//
// An executor stores its blocking pool on its future.Services table with
// [Provide]; a leaf future finds it with [From] on the Context that polls
// it, so the executor counts the job as in flight (no deadlock is reported
// while it runs) and runs it on its own pool (a Multi's bounded pool, a
// goroutine for a Local). Polled without an executor, or when the executor
// refuses the job (closed), the job runs on a fresh goroutine: the
// process-wide fallback, which needs no shutdown.
//
// [Run] is the future: the first poll submits the job; the job's goroutine
// publishes the value and wakes the task; a dropped future hands a value
// that came too late to its discard function (closing an opened file), so
// nothing leaks.
//
// It is internal: users reach it through aio and tcp.
package offload
