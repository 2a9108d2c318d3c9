package httpserver_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/waker"
)

// start serves on 127.0.0.1:0 on a fresh executor of the given kind and
// returns the address; the test's cleanup stops it.
func start(t *testing.T, kind string, opts ...httpserver.Option) string {
	t.Helper()
	var ex executor.Executor
	var closer io.Closer
	if kind == "local" {
		l := executor.NewLocal()
		ex, closer = l, l
	} else {
		m := executor.NewMulti()
		ex, closer = m, m
	}
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	srv := httpserver.New(ex, ln, opts...)
	stop := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		_, err := executor.Run(ex, srv.Serve(future.Map(future.FromChan(stop),
			func(future.Result[struct{}]) future.Unit { return future.Unit{} })))
		served <- err
	}()
	t.Cleanup(func() {
		close(stop)
		require.NoError(t, <-served)
		require.NoError(t, closer.Close())
	})
	return srv.Addr().String()
}

// exchange writes req, half-closes, and reads answers until the server
// closes; it returns their statuses and bodies.
func exchange(t *testing.T, addr, req string) (statuses []int, bodies []string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(20*time.Second)))
	go func() { // on its own goroutine: req may exceed the socket buffers
		if _, err := io.WriteString(c, req); err == nil {
			_ = c.(*net.TCPConn).CloseWrite()
		}
	}()
	br := bufio.NewReader(c)
	for {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			require.True(t, errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF), "%v", err)
			return statuses, bodies
		}
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		statuses = append(statuses, resp.StatusCode)
		bodies = append(bodies, string(b))
	}
}

const get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"

func TestPipelinedBurst(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		t.Run(kind, func(t *testing.T) {
			addr := start(t, kind)
			const n = 2000 // ~56 KiB in, ~330 KiB out: several buffers and flushes
			req := strings.Repeat(get, n-1) + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
			statuses, bodies := exchange(t, addr, req)
			require.Len(t, statuses, n)
			for i := range statuses {
				require.Equal(t, 200, statuses[i])
				require.Equal(t, httpserver.Body, bodies[i])
			}
		})
	}
}

func TestBodiesAreSkipped(t *testing.T) {
	addr := start(t, "local")
	body := strings.Repeat("GET / HTTP/1.1\r\n", 300) // looks like requests: must not be parsed
	req := "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body +
		"GET /other HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
	statuses, _ := exchange(t, addr, req)
	require.Equal(t, []int{404, 404}, statuses)
}

func TestErrorsCloseTheConnection(t *testing.T) {
	addr := start(t, "multi")
	tests := []struct {
		name string
		req  string
		want []int
	}{
		{"garbage", "garbage\r\n" + get, []int{400}},
		{"after a good one", get + "GET / HTTP/9.9\r\n\r\n" + get, []int{200, 505}},
		{"long request line", "GET /" + strings.Repeat("a", httpserver.ReadBufSize) + " HTTP/1.1\r\n\r\n", []int{414}},
		{"long header line", "GET / HTTP/1.1\r\nX: " + strings.Repeat("a", httpserver.ReadBufSize) + "\r\n\r\n", []int{431}},
		{"chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", []int{501}},
		{"http/1.0", "GET / HTTP/1.0\r\n\r\n" + get, []int{200}},
		{"unterminated at end", get + "GET / HTT", []int{200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			statuses, _ := exchange(t, addr, tt.req+"\x00trailing junk") // unread input when the server closes
			require.Equal(t, tt.want, statuses)
		})
	}
}

func TestNetHTTPClientKeepAlive(t *testing.T) {
	addr := start(t, "local")
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 20 * time.Second}
	var local string
	for i := range 20 {
		req, err := http.NewRequest("GET", "http://"+addr+"/", nil)
		require.NoError(t, err)
		var conn string
		resp, err := hc.Do(req.WithContext(withConnTrace(req.Context(), &conn)))
		require.NoError(t, err)
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, httpserver.Body, string(b))
		require.Equal(t, "text/plain; charset=utf-8", resp.Header.Get("Content-Type"))
		if i == 0 {
			local = conn
		}
		require.Equal(t, local, conn, "request %d reused the connection", i)
	}
}

func TestConnPollAfterCompletionPanics(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	r := executor.BlockOn[future.Result[*tcp.Stream]](ln.Accept())
	require.NoError(t, r.Err)
	require.NoError(t, r.Value.Close())
	conn := httpserver.NewConn(r.Value)
	cx := future.NewContext(waker.Noop())
	err, ok := conn.Poll(cx).Get()
	require.True(t, ok)
	require.ErrorIs(t, err, net.ErrClosed)
	require.PanicsWithValue(t, "*httpserver.Conn polled after completion", func() { conn.Poll(cx) })
	conn.Drop()
	require.PanicsWithValue(t, "httpserver.NewConn: nil stream", func() { httpserver.NewConn(nil) })
}

// withConnTrace records the local address of the connection a request
// used.
func withConnTrace(ctx context.Context, local *string) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { *local = info.Conn.LocalAddr().String() },
	})
}
