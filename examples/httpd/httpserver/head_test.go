package httpserver_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
)

// parse feeds a head (lines separated by "\n" kept) and returns the head,
// whether it completed, and the error status.
func parse(raw string) (*httpserver.Head, bool, int) {
	var h httpserver.Head
	for _, line := range strings.SplitAfter(raw, "\n") {
		if line == "" {
			continue
		}
		done, status := h.Line([]byte(line))
		if done || status != 0 {
			return &h, done, status
		}
	}
	return &h, false, 0
}

func TestHeadParse(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		status int
		check  func(t *testing.T, h *httpserver.Head)
	}{
		{"get root", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 0, func(t *testing.T, h *httpserver.Head) {
			require.Equal(t, httpserver.MethodGET, h.Method)
			require.True(t, h.Root)
			require.False(t, h.Close)
			require.Equal(t, 1, h.Minor)
		}},
		{"bare LF and leading empty line", "\r\nGET /?q=1 HTTP/1.1\nhost: a\n\n", 0, func(t *testing.T, h *httpserver.Head) {
			require.True(t, h.Root)
		}},
		{"absolute form", "HEAD http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n", 0, func(t *testing.T, h *httpserver.Head) {
			require.Equal(t, httpserver.MethodHEAD, h.Method)
			require.True(t, h.Root)
		}},
		{"other path", "GET /x HTTP/1.1\r\nHost: a\r\n\r\n", 0, func(t *testing.T, h *httpserver.Head) {
			require.False(t, h.Root)
		}},
		{"post", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", 0, func(t *testing.T, h *httpserver.Head) {
			require.Equal(t, httpserver.MethodOther, h.Method)
			require.EqualValues(t, 5, h.ContentLength)
		}},
		{"connection close among options", "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade ,  CLOSE\r\n\r\n", 0, func(t *testing.T, h *httpserver.Head) {
			require.True(t, h.Close)
		}},
		{"http/1.0 closes", "GET / HTTP/1.0\r\n\r\n", 0, func(t *testing.T, h *httpserver.Head) {
			require.True(t, h.Close)
			require.False(t, h.KeepAlive10())
		}},
		{"http/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0, func(t *testing.T, h *httpserver.Head) {
			require.False(t, h.Close)
			require.True(t, h.KeepAlive10())
		}},
		{"same length twice", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", 0, nil},
		{"garbage", "hello there\r\n", 400, nil},
		{"no version", "GET /\r\n", 400, nil},
		{"bad version", "GET / HTTP/1.x\r\n", 400, nil},
		{"http/2", "GET / HTTP/2.0\r\n", 505, nil},
		{"bad target", "GET nope HTTP/1.1\r\n", 400, nil},
		{"bad method", "G@T / HTTP/1.1\r\n", 400, nil},
		{"missing host", "GET / HTTP/1.1\r\n\r\n", 400, nil},
		{"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n", 400, nil},
		{"space before colon", "GET / HTTP/1.1\r\nHost : a\r\n", 400, nil},
		{"obs-fold", "GET / HTTP/1.1\r\nHost: a\r\n  folded\r\n", 400, nil},
		{"no colon", "GET / HTTP/1.1\r\nHost\r\n", 400, nil},
		{"bad length", "GET / HTTP/1.1\r\nContent-Length: -1\r\n", 400, nil},
		{"conflicting lengths", "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n", 400, nil},
		{"chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501, nil},
		{"bare CR in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n", 400, nil},
		{"CR ending value before LF", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\r\n", 400, nil},
		{"NUL in value", "GET / HTTP/1.1\r\nHost: a\x00\r\n", 400, nil},
		{"control byte in value", "GET / HTTP/1.1\r\nX-A: \x1b[2J\r\n", 400, nil},
		{"DEL in value", "GET / HTTP/1.1\r\nX-A: a\x7f\r\n", 400, nil},
		{"bare CR in request line", "GET / HTTP/1.1\rX\r\n", 400, nil},
		{"bare CR in header name", "GET / HTTP/1.1\r\nX\rA: b\r\n", 400, nil},
		{"whitespace after request line", "GET / HTTP/1.1\r\n Host: a\r\n", 400, nil},
		{"tab obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n", 400, nil},
		{"length then chunked", "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n", 400, nil},
		{"chunked then length", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n", 400, nil},
		{"length list", "POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n", 400, nil},
		{"length with plus", "POST / HTTP/1.1\r\nContent-Length: +3\r\n", 400, nil},
		{"tab and obs-text allowed in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\tc \xe9\r\n\r\n", 0, nil},
		{"head too big", "GET / HTTP/1.1\r\n" + strings.Repeat("X-A: "+strings.Repeat("a", 1000)+"\r\n", 17), 431, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, done, status := parse(tt.raw)
			require.Equal(t, tt.status, status)
			require.Equal(t, tt.status == 0, done)
			if tt.check != nil {
				tt.check(t, h)
			}
		})
	}
}

func TestResponses(t *testing.T) {
	h, done, _ := parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
	require.True(t, done)
	out := string(httpserver.AppendResponse(nil, h))
	require.True(t, strings.HasPrefix(out, "HTTP/1.1 200 OK\r\n"), out)
	require.Contains(t, out, "\r\nDate: ")
	require.Contains(t, out, "\r\nContent-Length: 15\r\n")
	require.NotContains(t, out, "Connection:")
	require.True(t, strings.HasSuffix(out, "\r\n\r\n"+httpserver.Body), out)

	h, _, _ = parse("HEAD /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
	out = string(httpserver.AppendResponse(nil, h))
	require.True(t, strings.HasPrefix(out, "HTTP/1.1 404 Not Found\r\n"), out)
	require.Contains(t, out, "Connection: keep-alive\r\n")
	require.True(t, strings.HasSuffix(out, "\r\n\r\n"), "HEAD: no body: %q", out)

	out = string(httpserver.AppendError(nil, 431))
	require.True(t, strings.HasPrefix(out, "HTTP/1.1 431 Request Header Fields Too Large\r\n"), out)
	require.Contains(t, out, "Connection: close\r\n")
	require.True(t, strings.HasSuffix(out, "\r\n\r\nRequest Header Fields Too Large\n"), out)
}

func TestRequestPathAllocationFree(t *testing.T) {
	lines := [][]byte{[]byte("GET / HTTP/1.1\r\n"), []byte("Host: 127.0.0.1:8081\r\n"),
		[]byte("Connection: keep-alive\r\n"), []byte("Content-Length: 0\r\n"), []byte("\r\n")}
	out := make([]byte, 0, 512)
	var h httpserver.Head
	allocs := testing.AllocsPerRun(1000, func() {
		h.Reset()
		for _, l := range lines {
			if done, status := h.Line(l); done || status != 0 {
				break
			}
		}
		out = httpserver.AppendResponse(out[:0], &h)
	})
	require.Zero(t, allocs)
}
