// Command httpd is a minimal HTTP/1.1 server on Kettle: it answers
// "Hello, Kettle!\n" to GET / and 404 to any other request, keeps
// connections alive, and answers pipelined requests in order, in one
// write per burst.
//
//	go run ./examples/httpd                      # serve on 127.0.0.1:8081
//	go run ./examples/httpd -executor multi      # work-stealing workers
//	go run ./examples/httpd -selftest 50         # serve, test with net/http, exit
//	go run ./examples/httpd -header-timeout 5s -max-conns 500
//	curl -i http://127.0.0.1:8081/
//
// Ctrl-C (SIGINT) or SIGTERM stops it: the signal channel, bridged into a
// future with future.FromChan, ends the accept loop; closing the executor
// then drops every connection task, which closes its socket.
//
// Limits (flags, each must be positive): -max-conns (default 1024; one
// more connection closes the least recently active), -header-timeout
// (10s; a late head is answered 408), -read-timeout (30s for a body),
// -write-timeout (30s for the client to read), -idle-timeout (2m between
// requests). Accept errors are logged at most once a second.
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
	"fmt"
	"io"
	"os"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
	"github.com/kettle-rt/kettle/examples/internal/cmdutil"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/net/tcp"
)

// config is what the command line sets.
type config struct {
	addr     string
	executor string
	selftest int
	opts     []httpserver.Option // limits: -max-conns, -*-timeout
}

func main() {
	f, err := cmdutil.ParseFlags("127.0.0.1:8081", "local", "net/http clients",
		cmdutil.LimitMaxConns, cmdutil.LimitHeaderTimeout, cmdutil.LimitReadTimeout,
		cmdutil.LimitWriteTimeout, cmdutil.LimitIdleTimeout)
	cmdutil.ExitOnError("httpd", err)
	cfg := config{addr: f.Addr, executor: f.Executor, selftest: f.Selftest, opts: f.Options()}
	if cfg.selftest > 0 {
		cmdutil.ExitOnError("httpd", selftest(os.Stdout, cfg.executor, cfg.selftest, cfg.opts...))
	} else {
		cmdutil.ExitOnError("httpd", serve(os.Stdout, cfg))
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
	srv := httpserver.New(ex, ln, cfg.opts...)

	stop, stopSignals := cmdutil.OnSignal()
	defer stopSignals()

	fmt.Fprintf(out, "httpd: listening on http://%v/ (executor %s); Ctrl-C to stop\n", srv.Addr(), cfg.executor)
	if _, err := executor.Run(ex, srv.Serve(stop)); err != nil {
		return err
	}
	fmt.Fprintf(out, "httpd: stopped after %d connections\n", srv.Accepted())
	return nil
}
