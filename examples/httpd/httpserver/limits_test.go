package httpserver_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
)

// dialRaw connects with a generous deadline.
func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	require.NoError(t, c.SetDeadline(time.Now().Add(20*time.Second)))
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// readUntilClosed reads answers until the server closes and returns their
// statuses and how long the close took from began.
func readUntilClosed(t *testing.T, c net.Conn, began time.Time) ([]int, time.Duration) {
	t.Helper()
	br := bufio.NewReader(c)
	var statuses []int
	for {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			return statuses, time.Since(began)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		statuses = append(statuses, resp.StatusCode)
	}
}

func TestSlowlorisGets408AfterHeaderTimeout(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			const timeout = 150 * time.Millisecond
			addr := start(t, kind, httpserver.HeaderTimeout(timeout))
			began := time.Now() // before the dial: the server's clock starts at its accept
			c := dialRaw(t, addr)
			// A header byte every 20 ms: the connection makes progress,
			// but the head never ends.
			stopTrickle := make(chan struct{})
			go func() {
				_, _ = io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
				for {
					select {
					case <-stopTrickle:
						return
					case <-time.After(20 * time.Millisecond):
						if _, err := c.Write([]byte("a")); err != nil {
							return
						}
					}
				}
			}()
			statuses, took := readUntilClosed(t, c, began)
			close(stopTrickle)
			require.Equal(t, []int{408}, statuses)
			require.GreaterOrEqual(t, took, timeout, "never before the timeout")
			require.Less(t, took, 5*time.Second)
		})
	}
}

func TestSilentConnectionClosedAfterHeaderTimeout(t *testing.T) {
	const timeout = 100 * time.Millisecond
	addr := start(t, "local", httpserver.HeaderTimeout(timeout))
	began := time.Now()
	c := dialRaw(t, addr)
	statuses, took := readUntilClosed(t, c, began)
	require.Empty(t, statuses, "nothing was asked: closed without an answer")
	require.GreaterOrEqual(t, took, timeout)
}

func TestIdleKeepAliveClosedAfterIdleTimeout(t *testing.T) {
	const idle = 400 * time.Millisecond
	addr := start(t, "local", httpserver.IdleTimeout(idle), httpserver.HeaderTimeout(time.Hour))
	c := dialRaw(t, addr)
	br := bufio.NewReader(c)
	for range 3 { // requests closer together than the idle timeout keep it open
		_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		resp, err := http.ReadResponse(br, nil)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		require.Equal(t, 200, resp.StatusCode)
		time.Sleep(idle / 10)
	}
	began := time.Now()
	_, err := br.ReadByte()
	require.ErrorIs(t, err, io.EOF)
	require.GreaterOrEqual(t, time.Since(began), idle/2)
}

func TestBodyNeverSentClosedAfterReadTimeout(t *testing.T) {
	const timeout = 100 * time.Millisecond
	addr := start(t, "local", httpserver.ReadTimeout(timeout))
	c := dialRaw(t, addr)
	_, err := io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
	require.NoError(t, err)
	statuses, took := readUntilClosed(t, c, time.Now())
	require.Equal(t, []int{404}, statuses, "the answer goes out; the body never completes")
	require.GreaterOrEqual(t, took, timeout)
}

func TestNonReadingClientClosedAfterWriteTimeout(t *testing.T) {
	const timeout = 100 * time.Millisecond
	addr := start(t, "local", httpserver.WriteTimeout(timeout))
	c := dialRaw(t, addr)
	require.NoError(t, c.(*net.TCPConn).SetReadBuffer(4096))
	// Pipeline far more answers than the socket buffers hold (the
	// server's send buffer grows to megabytes), in big writes, never read.
	req := bytes.Repeat([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 2048)
	done := make(chan error, 1)
	go func() {
		for {
			if _, err := c.Write(req); err != nil {
				done <- err
				return
			}
		}
	}()
	select {
	case err := <-done:
		require.Error(t, err, "the server gave up on us and closed")
	case <-time.After(10 * time.Second):
		t.Fatal("the server kept a client that never reads")
	}
}

func TestFramingViolationsAnswered400(t *testing.T) {
	addr := start(t, "local")
	for _, req := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\nX-A: b\rc\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
	} {
		statuses, _ := exchange(t, addr, req)
		require.Equal(t, []int{400}, statuses, "%q", req)
	}
}

func TestOptionsRejectNonPositive(t *testing.T) {
	require.PanicsWithValue(t, "httpserver.NewConn: HeaderTimeout(0s): must be positive", func() {
		httpserver.NewConn(nil, httpserver.HeaderTimeout(0))
	})
	require.PanicsWithValue(t, "httpserver.NewConn: MaxConns(-1): must be positive", func() {
		httpserver.NewConn(nil, httpserver.MaxConns(-1))
	})
}
