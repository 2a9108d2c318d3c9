// Package tcpserve is the accept loop shared by the TCP examples
// (examples/echo and examples/httpd): their server packages, echoserver
// and httpserver, differ only in the connection future they spawn.
//
// In the kitchen model, a [Server] is the host at the door: one task (a
// chef at work, run by an executor, the manager) takes each arriving
// guest from the listener (package tcp's [tcp.Listener], whose readiness
// the reactor, the kitchen's bells, reports) and hands them to a new task
// running the recipe card (a future) that the example supplies.
//
// It also holds the line against hostile clients, for both examples:
// [Limits] (built from [Option]s, defaults in [DefaultLimits]) give each
// connection timeouts, which the connection futures enforce with a
// [Deadline], and the accept loop keeps at most MaxConns connections open
// by closing the least recently active one when another arrives or when
// the process runs out of descriptors. Accept errors are logged at most
// once a second (package internal/ratelog).
//
// The package is internal to the examples: echoserver and httpserver
// export it under their own names (a type alias and a New each).
//
// Neighbours: package tcp (the sockets), package executor (Spawn runs
// each connection as its own task), package timer (the back-off after an
// accept error).
package tcpserve
