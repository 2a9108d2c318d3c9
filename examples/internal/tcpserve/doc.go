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
// The package is internal to the examples: echoserver and httpserver
// export it under their own names (a type alias and a New each).
//
// Neighbours: package tcp (the sockets), package executor (Spawn runs
// each connection as its own task), package timer (the back-off after an
// accept error).
package tcpserve
