// Package reactor is the kitchen's bells: it turns the readiness of file
// descriptors into wake-ups of the tasks (chefs at work) that wait on them.
//
// A [Reactor] wraps one OS readiness queue: epoll in edge-triggered mode on
// Linux, kqueue with EV_CLEAR on macOS and the BSDs, and [ErrUnsupported]
// elsewhere. The executor (the manager) owns one, stores it on its
// [future.Services] table with [Reactor.Provide], and calls [Reactor.Wait]
// when it has nothing to run; [Reactor.Wake] interrupts that wait from any
// goroutine when a task is woken from outside.
//
// Leaf I/O futures (package tcp, package udp, package aio) find the reactor
// with [From] and [Reactor.Register] their non-blocking sockets. A
// [Registration] caches readiness: [Registration.PollReadReady] and
// [Registration.PollWriteReady] return Ready at once while the fd is ready,
// and otherwise store the task's [waker.Waker] (pager) in a [waker.Atomic]
// slot and return Pending. Readiness is cleared only when the leaf's syscall
// reports EAGAIN, through [Registration.ClearReadReady] and
// [Registration.ClearWriteReady] with the [Tick] observed before the
// syscall, so a clear that raced with a newer event never erases it.
//
// A Registration belongs to one reactor, but the sockets built on it do not
// belong to one executor (the design of smol's async-io, where any
// executor or a fallback thread can drive the one reactor, and of Go's
// netpoller). Package netutil's socket registers with the reactor of the
// Context that polls it (the executor-owned fast path) and moves when it is
// polled under another runtime or its reactor closed: it registers anew,
// calls [Registration.MarkReady] (an edge seen by the old reactor is never
// reported again, so the next poll tries its syscall first), publishes the
// new registration, then closes the old one, which wakes any task still
// waiting there to poll again. When a reader and a writer wait on one
// socket from two runtimes at once, the socket moves to the process-wide
// fallback reactor for good, whose own goroutine wakes both. Tasks and
// their wakers never care where the registration lives: a waker can be
// woken from any goroutine.
//
// One task waits per direction: a poll whose waker differs from the one
// already waiting gets [ErrBusy]; a future dropped while waiting gives the
// direction back with [Registration.Release].
//
// Futures polled under a bare [future.NewContext] (no executor) still work:
// [From] then returns a process-wide reactor whose poller and driver
// goroutine exist only while it has live registrations. There is no "no
// reactor running" panic.
//
// Faults: a waker that panics when readiness or a closed registration
// wakes it is recovered and reported (package internal/safecall; to the
// logger of [Reactor.SetLogger], by default slog.Default, at most a line
// a second) and the reactor goes on; one that calls runtime.Goexit is
// reported and the rest of its event batch is delivered before the
// goroutine ends (the fallback reactor's driver is then restarted).
//
// Neighbours: package waker (below: the pager), package future (the recipe
// card and its Context), package executor (drives a Reactor while idle),
// packages tcp and udp (sockets built on registrations) and aio (poll-level
// I/O helpers).
//
// [future.Services]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Services
// [future.NewContext]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#NewContext
// [waker.Waker]: https://pkg.go.dev/github.com/kettle-rt/kettle/waker#Waker
// [waker.Atomic]: https://pkg.go.dev/github.com/kettle-rt/kettle/waker#Atomic
package reactor
