// Command echo is tokio's first TCP server in Kettle: it accepts
// connections and, for each one, spawns a task that writes back whatever
// it reads, until the client leaves.
//
//	go run ./examples/echo                      # serve on 127.0.0.1:8080
//	go run ./examples/echo -addr 127.0.0.1:9000 -executor local
//	go run ./examples/echo -selftest 100        # serve and test itself, then exit
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
// -executor multi (the default) runs the tasks on executor.NewMulti's
// work-stealing workers, one per CPU; -executor local runs them all on the
// main goroutine with executor.NewLocal. On the benchmark in bench/net
// (1000 busy connections, clients in the same process, 2 cores) the two
// were within measurement noise of each other, multi slightly ahead on
// the median, so multi is the default: it also keeps serving when one
// connection's work is heavy.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/kettle-rt/kettle/examples/echo/echoserver"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// config is what the command line sets.
type config struct {
	addr     string
	executor string
	selftest int
}

func main() {
	var cfg config
	flag.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on")
	flag.StringVar(&cfg.executor, "executor", "multi", "executor: local (one goroutine) or multi (work-stealing)")
	flag.IntVar(&cfg.selftest, "selftest", 0, "if > 0: serve on 127.0.0.1:0, run this many clients against the server, report and exit")
	flag.Parse()
	var err error
	if cfg.selftest > 0 {
		err = selftest(os.Stdout, cfg.executor, cfg.selftest)
	} else {
		err = serve(os.Stdout, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}

// newExecutor builds the executor named by -executor.
func newExecutor(kind string) (executor.Executor, io.Closer, error) {
	switch kind {
	case "local":
		ex := executor.NewLocal()
		return ex, ex, nil
	case "multi":
		ex := executor.NewMulti()
		return ex, ex, nil
	}
	return nil, nil, fmt.Errorf("-executor %q: want local or multi", kind)
}

// serve runs the server until SIGINT or SIGTERM.
func serve(out io.Writer, cfg config) error {
	ex, closer, err := newExecutor(cfg.executor)
	if err != nil {
		return err
	}
	defer closer.Close() // drops every open connection: their Drop closes them

	ln, err := tcp.Listen(cfg.addr)
	if err != nil {
		return err
	}
	srv := echoserver.New(ex, ln)

	// The bridge from Go's signal delivery to a future: FromChan parks a
	// small goroutine on the channel and wakes the accept loop's task.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)

	fmt.Fprintf(out, "echo: listening on %v (executor %s); Ctrl-C to stop\n", srv.Addr(), cfg.executor)
	if _, err := executor.Run(ex, srv.Serve(stopOn(sig))); err != nil {
		return err
	}
	fmt.Fprintf(out, "echo: stopped after %d connections\n", srv.Accepted())
	return nil
}

// stopOn is a future that is ready once ch delivers a value or is closed.
func stopOn[S any](ch <-chan S) future.Future[future.Unit] {
	return future.Map(future.FromChan(ch), func(future.Result[S]) future.Unit { return future.Unit{} })
}
