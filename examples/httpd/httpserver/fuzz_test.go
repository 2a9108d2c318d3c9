package httpserver_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
)

// FuzzHead feeds arbitrary bytes as lines: the parser never panics, only
// returns the documented statuses, and every completed head gets a
// well-formed answer.
func FuzzHead(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
	f.Add([]byte("GET http://h/?x HTTP/1.0\nConnection: keep-alive, close\n\n"))
	f.Add([]byte("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n"))
	f.Add([]byte("\x00\xff\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var h httpserver.Head
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n') + 1
			if i == 0 {
				i = len(data)
			}
			done, status := h.Line(data[:i])
			data = data[i:]
			switch status {
			case 0:
			case 400, 431, 501, 505:
				out := httpserver.AppendError(nil, status)
				require.True(t, bytes.HasPrefix(out, []byte("HTTP/1.1 ")))
				return
			default:
				t.Fatalf("unexpected status %d", status)
			}
			if done {
				out := httpserver.AppendResponse(nil, &h)
				require.True(t, bytes.HasPrefix(out, []byte("HTTP/1.1 200 OK\r\n")) ||
					bytes.HasPrefix(out, []byte("HTTP/1.1 404 Not Found\r\n")))
				require.GreaterOrEqual(t, h.ContentLength, int64(0))
				h.Reset()
			}
		}
	})
}
