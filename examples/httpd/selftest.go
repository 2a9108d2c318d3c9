package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
	"github.com/kettle-rt/kettle/examples/internal/cmdutil"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/net/tcp"
)

// selftestRequests is how many keep-alive requests each client makes.
const selftestRequests = 10

// selftest serves on 127.0.0.1:0, runs that many net/http clients at once
// (keep-alive GETs, a 404, a HEAD), then raw-socket checks of pipelining,
// garbage and Connection: close; stops the server and prints one line.
func selftest(out io.Writer, kind string, clients int, opts ...httpserver.Option) error {
	srv, stopServer, err := cmdutil.StartSelftest(kind, func(ex executor.Executor, ln *tcp.Listener) *httpserver.Server {
		return httpserver.New(ex, ln, opts...)
	})
	if err != nil {
		return err
	}
	began := time.Now()
	base := "http://" + srv.Addr().String()
	tr := &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	clientErr := cmdutil.RunClients(clients, func(int) error { return httpClient(hc, base) })
	tr.CloseIdleConnections()
	err = errors.Join(rawChecks(srv.Addr().String()), clientErr)
	elapsed := time.Since(began)
	if err := errors.Join(err, stopServer()); err != nil {
		return fmt.Errorf("selftest failed: %w", err)
	}
	fmt.Fprintf(out, "httpd selftest: ok: %d net/http clients x %d keep-alive requests, pipelining, 400, Connection: close; %d connections accepted, executor %s, %v\n",
		clients, selftestRequests, srv.Accepted(), kind, elapsed.Round(time.Millisecond))
	return nil
}

// httpClient makes keep-alive requests with net/http and checks answers.
func httpClient(hc *http.Client, base string) error {
	for i := range selftestRequests {
		url, want, body := base+"/", 200, httpserver.Body
		if i == selftestRequests-1 {
			url, want, body = base+"/nope", 404, "404 page not found\n"
		}
		resp, err := hc.Get(url)
		if err != nil {
			return err
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != want || string(got) != body {
			return fmt.Errorf("GET %s: %d %q, want %d %q", url, resp.StatusCode, got, want, body)
		}
	}
	resp, err := hc.Head(base + "/")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength != int64(len(httpserver.Body)) {
		return fmt.Errorf("HEAD /: %d, length %d", resp.StatusCode, resp.ContentLength)
	}
	return nil
}

// rawChecks speaks HTTP over a plain socket where net/http would hide the
// behaviour: three pipelined requests in one write (the last one asking to
// close), then garbage on a fresh connection.
func rawChecks(addr string) error {
	pipelined := "GET / HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET /missing HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	statuses, err := exchange(addr, pipelined)
	if err != nil {
		return err
	}
	if want := []int{200, 404, 200}; fmt.Sprint(statuses) != fmt.Sprint(want) {
		return fmt.Errorf("pipelined statuses %v, want %v then close", statuses, want)
	}
	statuses, err = exchange(addr, "this is not http\r\n\r\n")
	if err != nil {
		return err
	}
	if fmt.Sprint(statuses) != "[400]" {
		return fmt.Errorf("garbage: statuses %v, want [400] then close", statuses)
	}
	return nil
}

// exchange writes req and reads answers until the server closes, returning
// their status codes. An answer must come within 10 s.
func exchange(addr, req string) ([]int, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		return nil, err
	}
	if _, err := io.WriteString(c, req); err != nil {
		return nil, err
	}
	br := bufio.NewReader(c)
	var statuses []int
	for {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			if errors.Is(err, io.EOF) || strings.Contains(err.Error(), "EOF") {
				return statuses, nil // the server closed: as asked
			}
			return statuses, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return statuses, err
		}
		statuses = append(statuses, resp.StatusCode)
	}
}
