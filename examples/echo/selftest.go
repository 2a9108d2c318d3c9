package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/kettle-rt/kettle/examples/echo/echoserver"
	"github.com/kettle-rt/kettle/examples/internal/cmdutil"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/net/tcp"
)

// selftestMessages is how many messages each self-test client sends; their
// sizes cycle through selftestSizes, the biggest larger than the server's
// buffer so that one message takes several reads.
const selftestMessages = 8

var selftestSizes = []int{1, 13, 64, 512, 4 << 10, 9 << 10}

// selftest serves on 127.0.0.1:0, runs that many plain-Go clients at once,
// each sending messages and checking the echo, then stops the server and
// prints one line. It returns the first client error.
func selftest(out io.Writer, kind string, clients int, opts ...echoserver.Option) error {
	srv, stopServer, err := cmdutil.StartSelftest(kind, func(ex executor.Executor, ln *tcp.Listener) *echoserver.Server {
		return echoserver.New(ex, ln, opts...)
	})
	if err != nil {
		return err
	}
	began := time.Now()
	addr := srv.Addr().String()
	clientErr := cmdutil.RunClients(clients, func(i int) error { return client(addr, i) })
	elapsed := time.Since(began)
	if err := errors.Join(clientErr, stopServer()); err != nil {
		return fmt.Errorf("selftest failed: %w", err)
	}
	perClient := 0
	for i := range selftestMessages {
		perClient += selftestSizes[i%len(selftestSizes)]
	}
	fmt.Fprintf(out, "echo selftest: ok: %d clients x %d messages, %d bytes echoed, %d connections accepted, executor %s, %v\n",
		clients, selftestMessages, clients*perClient, srv.Accepted(), kind, elapsed.Round(time.Millisecond))
	return nil
}

// client sends selftestMessages messages of varied sizes over one
// connection, each followed by a read of its echo, and checks the bytes.
func client(addr string, id int) error {
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		return err
	}
	for m := range selftestMessages {
		msg := make([]byte, selftestSizes[m%len(selftestSizes)])
		for i := range msg {
			msg[i] = byte(id + m + i)
		}
		if _, err := c.Write(msg); err != nil {
			return fmt.Errorf("client %d: write: %w", id, err)
		}
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(c, got); err != nil {
			return fmt.Errorf("client %d: read: %w", id, err)
		}
		if !bytes.Equal(got, msg) {
			return fmt.Errorf("client %d: message %d came back altered", id, m)
		}
	}
	// A half-close ends the server's stream; it closes in turn.
	if err := c.(*net.TCPConn).CloseWrite(); err != nil {
		return err
	}
	if n, err := c.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		return fmt.Errorf("client %d: after half-close read %d bytes, %v; want end of stream", id, n, err)
	}
	return nil
}
