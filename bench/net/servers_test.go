package netbench_test

import (
	"io"
	"net"
	"testing"

	"github.com/kettle-rt/kettle/bench/net"
	"github.com/kettle-rt/kettle/examples/echo/echoserver"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// server is a running echo server of one kind.
type server struct {
	addr string
	stop func()
}

// kinds are the servers compared, in report order.
var kinds = []struct {
	name  string
	start func(testing.TB) server
}{
	{"kettle-local", func(tb testing.TB) server { return startKettle(tb, "local") }},
	{"kettle-multi", func(tb testing.TB) server { return startKettle(tb, "multi") }},
	{"goroutines", startGo},
}

// startKettle runs examples/echo's server on a fresh executor; the blocking
// detector is off, as in every benchmark.
func startKettle(tb testing.TB, kind string) server {
	tb.Helper()
	var ex executor.Executor
	var closer io.Closer
	if kind == "local" {
		l := executor.NewLocal()
		ex, closer = l, l
	} else {
		m := executor.NewMulti(executor.BlockingThreshold(0))
		ex, closer = m, m
	}
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := echoserver.New(ex, ln)
	stop := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		_, err := executor.Run(ex, srv.Serve(future.Map(future.FromChan(stop),
			func(future.Result[struct{}]) future.Unit { return future.Unit{} })))
		served <- err
	}()
	return server{addr: srv.Addr().String(), stop: func() {
		close(stop)
		if err := <-served; err != nil {
			tb.Error(err)
		}
		if err := closer.Close(); err != nil {
			tb.Error(err)
		}
	}}
}

// startGo runs the goroutine-per-connection baseline.
func startGo(tb testing.TB) server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := netbench.NewGoEcho(ln)
	return server{addr: s.Addr().String(), stop: func() { _ = s.Close() }}
}
