// Package echoserver is the engine of the echo example (package main in
// the parent folder): tokio's first TCP server, written in Kettle.
//
// In the kitchen model, a [Server] is the host at the door: one task (a
// chef at work, run by an executor, the manager) takes each arriving
// guest from the listener (package tcp's [tcp.Listener], whose readiness
// the reactor, the kitchen's bells, reports) and hands them to a new task
// running a [Conn]: a hand-written recipe card (a future) that reads what
// the guest says and says it back, until the guest leaves.
//
// Why a hand-written future and not an async block: a [future.Async] block
// is a coroutine, with a goroutine behind it, so a thousand idle guests
// would cost a thousand goroutine stacks, exactly what a poll-based server
// avoids. A Conn is a small struct; while it waits for its guest it holds
// no buffer at all. It borrows a 4 KiB buffer from a shared pool only for
// the time bytes are in flight (read but not yet written back), and gives
// it back before it returns Pending on a read. An idle connection costs
// its task, its socket and its registration with the reactor: well under
// a kilobyte, against a parked goroutine's stack plus its buffer.
//
// Hostile clients: a connection idle for [IdleTimeout], or whose peer
// does not read its echoes for [WriteTimeout], is closed; the server keeps
// at most [MaxConns] connections open, closing the least recently active
// one to make room.
//
// The package is importable so that the benchmarks in bench/net measure
// exactly the code the example runs.
//
// Neighbours: package tcp (the sockets), package aio (Copy, the generic
// form of [Conn]'s loop, which owns a 32 KiB buffer for its lifetime),
// package executor ([executor.Local] or [executor.Multi] run the tasks).
package echoserver
