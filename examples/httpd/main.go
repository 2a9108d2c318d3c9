// Command httpd is a minimal HTTP/1.1 server on Kettle: it answers
// "Hello, Kettle!\n" to GET / and 404 to any other request, keeps
// connections alive, and answers pipelined requests in order, in one
// write per burst.
//
//	go run ./examples/httpd                      # serve on 127.0.0.1:8081
//	go run ./examples/httpd -executor multi      # work-stealing workers
//	go run ./examples/httpd -selftest 50         # serve, test with net/http, exit
//	curl -i http://127.0.0.1:8081/
//
// Ctrl-C (SIGINT) or SIGTERM stops it: the signal channel, bridged into a
// future with future.FromChan, ends the accept loop; closing the executor
// then drops every connection task, which closes its socket.
//
// The default executor is local (executor.NewLocal: every task on the main
// goroutine, parked in its own epoll): measured with wrk on a 2-core
// machine, where the client shares the cores, it answered more requests
// per second than -executor multi (executor.NewMulti) and with a much
// lower p99, because a handler this small never needs a second core and a
// single loop never waits for a worker holding the reactor. Use multi when
// handlers do real work.
//
// Each connection is a hand-written future (package httpserver): requests
// are parsed line by line from an aio.BufReader, answers gathered in a
// small output buffer and written when the input runs dry, so a poll
// allocates nothing in steady state. The parser and answers are shared with
// the goroutine-per-connection server of bench/net/cmd/gohttpd, which
// bench/scripts/httpd.sh measures against this one and net/http.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
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
	flag.StringVar(&cfg.addr, "addr", "127.0.0.1:8081", "address to listen on")
	flag.StringVar(&cfg.executor, "executor", "local", "executor: local (one goroutine) or multi (work-stealing)")
	flag.IntVar(&cfg.selftest, "selftest", 0, "if > 0: serve on 127.0.0.1:0, run this many net/http clients against the server, report and exit")
	flag.Parse()
	var err error
	if cfg.selftest > 0 {
		err = selftest(os.Stdout, cfg.executor, cfg.selftest)
	} else {
		err = serve(os.Stdout, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "httpd:", err)
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
	srv := httpserver.New(ex, ln)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)

	fmt.Fprintf(out, "httpd: listening on http://%v/ (executor %s); Ctrl-C to stop\n", srv.Addr(), cfg.executor)
	if _, err := executor.Run(ex, srv.Serve(stopOn(sig))); err != nil {
		return err
	}
	fmt.Fprintf(out, "httpd: stopped after %d connections\n", srv.Accepted())
	return nil
}

// stopOn is a future that is ready once ch delivers a value or is closed.
func stopOn[S any](ch <-chan S) future.Future[future.Unit] {
	return future.Map(future.FromChan(ch), func(future.Result[S]) future.Unit { return future.Unit{} })
}
