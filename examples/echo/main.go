// Command echo is tokio's first TCP server in Kettle: it accepts
// connections and, for each one, spawns a task that writes back whatever
// it reads, until the client leaves.
//
//	go run ./examples/echo                      # serve on 127.0.0.1:8080
//	go run ./examples/echo -addr 127.0.0.1:9000 -executor local
//	go run ./examples/echo -selftest 100        # serve and test itself, then exit
//	go run ./examples/echo -idle-timeout 30s -max-conns 500
//
// In another terminal, `nc 127.0.0.1 8080` and type: every line comes
// back. Ctrl-C stops the server gracefully: the signal arrives on a Go
// channel that future.FromChan turns into a future, the accept loop sees
// it and closes the listener, and closing the executor drops (and so
// closes) every open connection.
//
// The work is in package echoserver: a hand-written future per connection
// that holds no buffer while idle.
//
// Limits (flags, each must be positive): -max-conns (default 1024; one
// more connection closes the least recently active), -idle-timeout (2m:
// no bytes and nothing in flight), -write-timeout (30s: a peer that does
// not read its echoes). Accept errors are logged at most once a second.
//
// -executor multi (the default) runs the tasks on executor.NewMulti's
// work-stealing workers, one per CPU; -executor local runs them all on the
// main goroutine with executor.NewLocal. On the benchmark in bench/net
// (1000 busy connections, clients in the same process, 2 cores) the two
// were within measurement noise of each other, multi slightly ahead on
// the median, so multi is the default: it also keeps serving when one
// connection's work is heavy.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/kettle-rt/kettle/examples/echo/echoserver"
	"github.com/kettle-rt/kettle/examples/internal/cmdutil"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/net/tcp"
)

// config is what the command line sets.
type config struct {
	addr     string
	executor string
	selftest int
	opts     []echoserver.Option // limits: -max-conns, -*-timeout
}

func main() {
	f, err := cmdutil.ParseFlags("127.0.0.1:8080", "multi", "clients",
		cmdutil.LimitMaxConns, cmdutil.LimitIdleTimeout, cmdutil.LimitWriteTimeout)
	cmdutil.ExitOnError("echo", err)
	cfg := config{addr: f.Addr, executor: f.Executor, selftest: f.Selftest, opts: f.Options()}
	if cfg.selftest > 0 {
		cmdutil.ExitOnError("echo", selftest(os.Stdout, cfg.executor, cfg.selftest, cfg.opts...))
	} else {
		cmdutil.ExitOnError("echo", serve(os.Stdout, cfg))
	}
}

// serve runs the server until SIGINT or SIGTERM.
func serve(out io.Writer, cfg config) error {
	ex, closer, err := cmdutil.NewExecutor(cfg.executor)
	if err != nil {
		return err
	}
	defer closer.Close() // drops every open connection: their Drop closes them

	ln, err := tcp.Listen(cfg.addr)
	if err != nil {
		return err
	}
	srv := echoserver.New(ex, ln, cfg.opts...)

	// Ctrl-C as a future: OnSignal bridges Go's signal delivery with
	// future.FromChan, which parks a small goroutine on the signal channel
	// and wakes the accept loop's task.
	stop, stopSignals := cmdutil.OnSignal()
	defer stopSignals()

	fmt.Fprintf(out, "echo: listening on %v (executor %s); Ctrl-C to stop\n", srv.Addr(), cfg.executor)
	if _, err := executor.Run(ex, srv.Serve(stop)); err != nil {
		return err
	}
	fmt.Fprintf(out, "echo: stopped after %d connections\n", srv.Accepted())
	return nil
}
