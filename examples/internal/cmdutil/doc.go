// Package cmdutil holds the command-line plumbing that the TCP example
// commands (examples/echo and examples/httpd) share, so that each main.go
// shows only the Kettle calls that matter: the listener, the server that
// spawns a task per connection, and executor.Run.
//
// In the kitchen model it is the front office: [ParseFlags] reads the
// order (-addr, -executor, -selftest, and the server limits
// -max-conns and -*-timeout, each checked to be positive), [NewExecutor] hires the manager
// (an executor), [OnSignal] rings a bell when Ctrl-C arrives (a future
// built with future.FromChan), and [StartSelftest] with [RunClients] lets
// a command serve itself a rush of test guests.
//
// Neighbours: package executor (Local and Multi), package future
// (FromChan, Map), package tcp (the listener).
package cmdutil
