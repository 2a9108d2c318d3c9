// Command gohttpd is the comparison server for examples/httpd: the same
// answers over plain Go, in one of two modes.
//
//	-mode raw      goroutine per connection over Go's net package, running
//	               examples/httpd's own parser and answers
//	               (package httpserver) on a bufio.Reader: the comparison
//	               of runtimes, same handler logic.
//	-mode nethttp  net/http's Server with a handler giving the same
//	               answers: what most Go programs would use.
//
// It binds 127.0.0.1:8082 by default (-addr) and stops on SIGINT or
// SIGTERM. bench/scripts/httpd.sh runs it.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8082", "address to listen on")
	mode := flag.String("mode", "raw", "raw (goroutine per connection, httpd's parser) or nethttp (net/http)")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohttpd:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Printf("gohttpd: listening on http://%v/ (mode %s)\n", ln.Addr(), *mode)
	switch *mode {
	case "raw":
		go func() { <-ctx.Done(); ln.Close() }()
		err = serveRaw(ln)
	case "nethttp":
		srv := &http.Server{Handler: http.HandlerFunc(hello)}
		go func() { <-ctx.Done(); srv.Close() }()
		err = srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
	default:
		err = fmt.Errorf("-mode %q: want raw or nethttp", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohttpd:", err)
		os.Exit(1)
	}
}

// hello is the net/http handler with httpd's answers.
func hello(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h["Server"] = []string{"gohttpd"}
	h["Content-Type"] = []string{"text/plain; charset=utf-8"}
	io.WriteString(w, httpserver.Body)
}

// serveRaw accepts until ln is closed, one goroutine per connection.
func serveRaw(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			continue
		}
		go handleRaw(c)
	}
}

// handleRaw is httpserver.Conn's logic on a goroutine: read lines, answer,
// write when the input buffer runs dry.
func handleRaw(c net.Conn) {
	defer c.Close()
	br := bufio.NewReaderSize(c, httpserver.ReadBufSize)
	var h httpserver.Head
	out := make([]byte, 0, 512)
	flush := func() bool {
		if len(out) == 0 {
			return true
		}
		_, err := c.Write(out)
		out = out[:0]
		return err == nil
	}
	for {
		if br.Buffered() == 0 && !flush() {
			return
		}
		line, err := br.ReadSlice('\n')
		if err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				out = httpserver.AppendError(out, 431)
				flush()
			}
			flush()
			return
		}
		done, status := h.Line(line)
		if status != 0 {
			out = httpserver.AppendError(out, status)
			flush()
			return
		}
		if !done {
			continue
		}
		out = httpserver.AppendResponse(out, &h)
		closing, body := h.Close, h.ContentLength
		h.Reset()
		if body > 0 {
			if _, err := br.Discard(int(body)); err != nil {
				flush()
				return
			}
		}
		if closing {
			flush()
			return
		}
		if len(out) >= 16<<10 && !flush() {
			return
		}
	}
}
