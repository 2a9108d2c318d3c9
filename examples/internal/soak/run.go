package soak

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Proto is the protocol the clients speak.
type Proto int

const (
	Echo Proto = iota // examples/echo: bytes come back
	HTTP              // examples/httpd: GET / answers "Hello, Kettle!\n"
)

// Config is one soak run.
type Config struct {
	Addr     string        // the server, on loopback
	Proto    Proto         // what the clients speak
	Hostile  int           // hostile connections kept open at once: slowloris, idle and resetting in turn
	Clients  int           // well-behaved clients
	Duration time.Duration // how long the load lasts; Run returns shortly after
	Think    time.Duration // a well-behaved client's pause between requests
}

// maxAttempts is how many connections a well-behaved request may try.
const maxAttempts = 3

// opTimeout bounds every well-behaved operation: a request not answered
// within it has failed.
const opTimeout = 5 * time.Second

// Run drives the load of cfg and returns its report once every client
// has stopped and closed its connections (at most a few seconds after
// cfg.Duration).
func Run(cfg Config) *Report {
	end := time.Now().Add(cfg.Duration)
	var hostile atomic.Int64
	var wg sync.WaitGroup
	for i := range cfg.Hostile {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hostileLoop(cfg, i%3, end, &hostile)
		}()
	}
	reports := make([]Report, cfg.Clients)
	for i := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wellBehaved(cfg, i, end, &reports[i])
		}()
	}
	wg.Wait()
	total := &Report{Hostile: hostile.Load()}
	for i := range reports {
		total.merge(&reports[i])
	}
	total.finish()
	return total
}

// Kinds of hostile client, taken in turn.
const (
	slowloris = iota // a request a byte every 100 ms (echo: bytes it never reads back)
	idle             // connects and says nothing
	reset            // asks for a lot, reads a byte of it, resets the connection
)

// hostileLoop keeps one hostile connection of the given kind open until
// end, reconnecting whenever the server closes it.
func hostileLoop(cfg Config, kind int, end time.Time, opened *atomic.Int64) {
	for time.Now().Before(end) {
		c, err := net.DialTimeout("tcp", cfg.Addr, time.Second)
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		opened.Add(1)
		switch kind {
		case slowloris:
			trickle(c, cfg.Proto, end)
		case idle:
			_ = c.SetReadDeadline(end)
			_, _ = c.Read(make([]byte, 1)) // until the server closes or the end
		case reset:
			resetMidAnswer(c, cfg.Proto, end)
		}
		_ = c.Close()
		time.Sleep(reconnectPause)
	}
}

// reconnectPause is how long a hostile client waits before it opens a new
// connection when the server closed its last one: the hostile population
// stays at Config.Hostile connections without turning into a connection
// flood that would only measure how fast the machine accepts.
const reconnectPause = 100 * time.Millisecond

// trickle sends a request head (echo: bytes) a byte every 100 ms, never
// finishing and never reading, until a write fails (the server closed)
// or the end.
func trickle(c net.Conn, p Proto, end time.Time) {
	if p == HTTP {
		if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: soak\r\nX-Slow: "); err != nil {
			return
		}
	}
	for time.Now().Before(end) {
		time.Sleep(100 * time.Millisecond)
		if _, err := c.Write([]byte{'a'}); err != nil {
			return
		}
	}
}

// resetMidAnswer asks for far more than the socket buffers hold, reads a
// byte of the answer, and closes with SO_LINGER 0: the kernel sends a
// reset while the server is still writing.
func resetMidAnswer(c net.Conn, p Proto, end time.Time) {
	var burst []byte
	if p == HTTP {
		burst = bytes.Repeat([]byte("GET / HTTP/1.1\r\nHost: soak\r\n\r\n"), 400)
	} else {
		burst = make([]byte, 64<<10)
	}
	deadline := time.Now().Add(time.Second)
	if end.Before(deadline) {
		deadline = end
	}
	_ = c.SetDeadline(deadline)
	go func() { _, _ = c.Write(burst) }() // the server's answers may block it
	_, _ = c.Read(make([]byte, 1))
	_ = c.(*net.TCPConn).SetLinger(0)
}

// wellBehaved makes requests until end, one at a time, with cfg.Think
// between them; every tenth request uses a fresh connection. A request
// whose connection was closed under it is retried on a new one, up to
// maxAttempts in all, as HTTP clients retry an idempotent request: a
// server full of hostile connections may close a fresh one before it
// has read anything from it, which the client cannot tell from an idle
// connection the server dropped.
func wellBehaved(cfg Config, id int, end time.Time, r *Report) {
	var cl client
	defer cl.close()
	for n := 0; time.Now().Before(end); n++ {
		if n%10 == 0 {
			cl.close()
		}
		began := time.Now()
		err := cl.request(cfg, id, n)
		for attempt := 1; err != nil && attempt < maxAttempts; attempt++ {
			cl.close()
			r.Retried++
			err = cl.request(cfg, id, n)
		}
		if err != nil {
			r.Failed++
			if len(r.Errors) < 5 {
				r.Errors = append(r.Errors, fmt.Errorf("client %d request %d: %w", id, n, err))
			}
			cl.close()
		} else {
			r.Requests++
			r.Latency = append(r.Latency, time.Since(began))
		}
		time.Sleep(cfg.Think)
	}
}

// client is a well-behaved client's connection, dialled on demand.
type client struct {
	c  net.Conn
	br *bufio.Reader
}

func (cl *client) close() {
	if cl.c != nil {
		_ = cl.c.Close()
		cl.c, cl.br = nil, nil
	}
}

// request makes one request and checks its answer.
func (cl *client) request(cfg Config, id, n int) error {
	if cl.c == nil {
		c, err := net.DialTimeout("tcp", cfg.Addr, opTimeout)
		if err != nil {
			return err
		}
		cl.c, cl.br = c, bufio.NewReader(c)
	}
	if err := cl.c.SetDeadline(time.Now().Add(opTimeout)); err != nil {
		return err
	}
	if cfg.Proto == Echo {
		msg := make([]byte, 64)
		for i := range msg {
			msg[i] = byte(id + n + i)
		}
		if _, err := cl.c.Write(msg); err != nil {
			return err
		}
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(cl.br, got); err != nil {
			return err
		}
		if !bytes.Equal(got, msg) {
			return errors.New("echo came back altered")
		}
		return nil
	}
	if _, err := io.WriteString(cl.c, "GET / HTTP/1.1\r\nHost: soak\r\n\r\n"); err != nil {
		return err
	}
	resp, err := http.ReadResponse(cl.br, nil)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 || string(body) != "Hello, Kettle!\n" {
		return fmt.Errorf("answer %d %q", resp.StatusCode, body)
	}
	return nil
}
